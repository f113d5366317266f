import fc from 'fast-check';
import { MAX_FILE_NAME_CODE_POINTS, safeFileName } from './document-name.rule';

const codePoints = (s: string) => Array.from(s).length;
const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('safeFileName', () => {
  it('keeps an ordinary name', () => {
    expect(safeFileName('factuur-0142.pdf')).toBe('factuur-0142.pdf');
    expect(safeFileName('Bewijs van betaling – juni.pdf')).toBe('Bewijs van betaling – juni.pdf');
  });

  it('drops directories, NUL and other controls', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\an\\factuur.pdf')).toBe('factuur.pdf');
    expect(safeFileName('fac\u0000tuur\u0007.pdf\u0085')).toBe('factuur.pdf');
    expect(safeFileName('../')).toBe('document');
    expect(safeFileName('  ')).toBe('document');
  });

  it('strips bidirectional controls, so a name shows as what it is', () => {
    expect(safeFileName('factuur\u202Efdp.exe')).toBe('factuurfdp.exe');
    const all = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C';
    expect(safeFileName(`a${all}b.pdf`)).toBe('ab.pdf');
    expect(safeFileName(all)).toBe('document');
  });

  it('keeps 254 characters and an emoji whole: 255 code points fit the column', () => {
    const name = `${'a'.repeat(254)}😀`;
    expect(safeFileName(name)).toBe(name);
  });

  it('shortens a longer name between graphemes, keeping the extension', () => {
    const family = '👨‍👩‍👧'; // 5 code points, one grapheme
    const name = `${'b'.repeat(248)}${family}${family}.pdf`;
    const safe = safeFileName(name);
    expect(safe).toBe(`${'b'.repeat(248)}.pdf`);
    const emoji = `${'c'.repeat(250)}😀😀😀😀😀😀.pdf`;
    expect(safeFileName(emoji)).toBe(`${'c'.repeat(250)}😀.pdf`);
  });

  it('replaces a lone surrogate instead of storing it', () => {
    expect(safeFileName('scan\uD83D.png')).toBe('scan\uFFFD.png');
  });

  it('always gives a well-formed, non-empty name within the column, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (name) => {
        const safe = safeFileName(name);
        expect(safe.length).toBeGreaterThan(0);
        expect(codePoints(safe)).toBeLessThanOrEqual(MAX_FILE_NAME_CODE_POINTS);
        expect(wellFormed(safe)).toBe(true);
        expect(safe).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069/\\]/);
      }),
    );
  });
});
