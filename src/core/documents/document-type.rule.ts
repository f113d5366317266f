/**
 * Supporting documents are PDF files and PNG or JPEG images. The declared content type is only
 * a claim of the client: the first bytes of the file must say the same.
 */
export const DOCUMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const SIGNATURES: readonly { type: DocumentType; bytes: readonly number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

export function isDocumentType(value: string): value is DocumentType {
  return (DOCUMENT_TYPES as readonly string[]).includes(value);
}

/** The type the content's magic bytes show, or null for anything else. */
export function sniffDocumentType(content: Uint8Array): DocumentType | null {
  const match = SIGNATURES.find((s) => s.bytes.length <= content.length && s.bytes.every((b, i) => content[i] === b));
  return match?.type ?? null;
}

export type DocumentCheck = { ok: true; type: DocumentType } | { ok: false; code: 'TYPE_NOT_ALLOWED' | 'CONTENT_MISMATCH' | 'EMPTY_FILE'; message: string };

/** Accepts a file when its declared type is allowed and its content is of that type. */
export function checkDocument(declaredType: string, content: Uint8Array): DocumentCheck {
  const declared = declaredType.split(';')[0].trim().toLowerCase();
  if (content.length === 0) return { ok: false, code: 'EMPTY_FILE', message: 'The file is empty' };
  if (!isDocumentType(declared)) {
    return { ok: false, code: 'TYPE_NOT_ALLOWED', message: `Only ${DOCUMENT_TYPES.join(', ')} files are accepted, not ${declared || 'an untyped file'}` };
  }
  const actual = sniffDocumentType(content);
  if (actual !== declared) {
    return { ok: false, code: 'CONTENT_MISMATCH', message: `The file is declared as ${declared} but its content is ${actual ?? 'of another type'}` };
  }
  return { ok: true, type: actual };
}
