import { checkFile, declaredType, formatBytes, uploadPercent } from './upload-check';

const LIMITS = { maxBytes: 64 * 1024, contentTypes: ['application/pdf', 'image/png', 'image/jpeg'] };

describe('checking a supporting document before it is sent', () => {
  it('accepts PDF, PNG and JPEG up to the limit', () => {
    expect(checkFile({ name: 'factuur.pdf', type: 'application/pdf', size: 64 * 1024 }, LIMITS)).toEqual({ ok: true, contentType: 'application/pdf' });
    expect(checkFile({ name: 'scan.JPG', type: '', size: 10 }, LIMITS)).toEqual({ ok: true, contentType: 'image/jpeg' });
  });

  it('refuses another type, whatever its size', () => {
    expect(checkFile({ name: 'notities.txt', type: 'text/plain', size: 10 * 1024 * 1024 }, LIMITS)).toEqual({ ok: false, code: 'TYPE_NOT_ALLOWED' });
    expect(checkFile({ name: 'zonder-extensie', type: '', size: 10 }, LIMITS)).toEqual({ ok: false, code: 'TYPE_NOT_ALLOWED' });
  });

  it('refuses an empty file and one a byte above the limit', () => {
    expect(checkFile({ name: 'leeg.pdf', type: 'application/pdf', size: 0 }, LIMITS)).toEqual({ ok: false, code: 'EMPTY_FILE' });
    expect(checkFile({ name: 'groot.pdf', type: 'application/pdf', size: 64 * 1024 + 1 }, LIMITS)).toEqual({ ok: false, code: 'TOO_LARGE' });
  });

  it('takes the browser’s type without parameters, or the extension when it gave none', () => {
    expect(declaredType({ name: 'a.pdf', type: 'Application/PDF; charset=binary' })).toBe('application/pdf');
    expect(declaredType({ name: 'a.png', type: '' })).toBe('image/png');
  });

  it('writes sizes in nl-BE and never shows 100 % before the service answered', () => {
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1,5 MB');
    expect(formatBytes(64 * 1024)).toBe('64 kB');
    expect(formatBytes(312)).toBe('312 bytes');
    expect(uploadPercent(50, 200)).toBe(25);
    expect(uploadPercent(200, 200)).toBe(99);
    expect(uploadPercent(0, 0)).toBe(0);
  });
});
