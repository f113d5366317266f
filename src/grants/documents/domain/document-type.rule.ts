// The type rule moved to core with the storage, for every feature's supporting documents.
export { checkDocument, DOCUMENT_TYPES, isDocumentType, sniffDocumentType } from '../../../core/documents/document-type.rule';
export type { DocumentCheck, DocumentType } from '../../../core/documents/document-type.rule';
