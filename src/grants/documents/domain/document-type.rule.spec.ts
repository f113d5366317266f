import { checkDocument, sniffDocumentType } from './document-type.rule';

const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);

describe('supporting document types', () => {
  it('recognises PDF, PNG and JPEG by their first bytes', () => {
    expect(sniffDocumentType(PDF)).toBe('application/pdf');
    expect(sniffDocumentType(PNG)).toBe('image/png');
    expect(sniffDocumentType(JPEG)).toBe('image/jpeg');
    expect(sniffDocumentType(Buffer.from('PK\u0003\u0004 a zip file'))).toBeNull();
    expect(sniffDocumentType(Buffer.from([0x89, 0x50]))).toBeNull();
  });

  it('accepts a file whose content matches its allowed declared type', () => {
    expect(checkDocument('application/pdf', PDF)).toEqual({ ok: true, type: 'application/pdf' });
    expect(checkDocument('IMAGE/JPEG; charset=binary', JPEG)).toEqual({ ok: true, type: 'image/jpeg' });
  });

  it('refuses other types, mismatched content and empty files', () => {
    expect(checkDocument('application/zip', Buffer.from('PK\u0003\u0004'))).toMatchObject({ ok: false, code: 'TYPE_NOT_ALLOWED' });
    expect(checkDocument('application/pdf', PNG)).toMatchObject({ ok: false, code: 'CONTENT_MISMATCH' });
    expect(checkDocument('image/png', Buffer.from('<html>not an image</html>'))).toMatchObject({ ok: false, code: 'CONTENT_MISMATCH' });
    expect(checkDocument('application/pdf', Buffer.alloc(0))).toMatchObject({ ok: false, code: 'EMPTY_FILE' });
  });
});
