// The name rule moved to core with the storage, for every feature's supporting documents.
export * from '../../../core/documents/document-name.rule';
