// The storage moved to core so that other features' supporting documents use it too.
export { DocumentChangedWhileServed, DocumentStorage } from '../../core/documents/document.storage';
export type { StagedFile, StoredContent } from '../../core/documents/document.storage';
