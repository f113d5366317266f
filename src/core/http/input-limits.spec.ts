import fc from 'fast-check';
import { DomainError } from '../errors/domain.error';
import { assertMultipartBoundary, assertStorableText, jsonDepthExceeds, textFaults } from './input-limits';

describe('input limits', () => {
  describe('jsonDepthExceeds', () => {
    it('counts arrays and objects, not brackets inside strings or after escapes', () => {
      expect(jsonDepthExceeds('[[[]]]', 3)).toBe(false);
      expect(jsonDepthExceeds('[[[[]]]]', 3)).toBe(true);
      expect(jsonDepthExceeds('{"a":{"b":[1]}}', 3)).toBe(false);
      expect(jsonDepthExceeds('{"a":{"b":[{}]}}', 3)).toBe(true);
      expect(jsonDepthExceeds(JSON.stringify({ a: '[[[[[[[[' }), 1)).toBe(false);
      expect(jsonDepthExceeds(JSON.stringify({ a: '\\"[[[[[[' }), 1)).toBe(false);
      expect(jsonDepthExceeds(Buffer.from('[[[[1]]]]'), 3)).toBe(true);
    });

    it('agrees with the depth of any value JSON.stringify writes', () => {
      const depth = (v: unknown): number =>
        Array.isArray(v) ? 1 + Math.max(0, ...v.map(depth)) : v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0;
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 7 }), (value, max) => {
          expect(jsonDepthExceeds(JSON.stringify(value), max)).toBe(depth(value) > max);
        }),
        { seed: 20201130, numRuns: 500 },
      );
    });
  });

  describe('textFaults', () => {
    it('names every string that holds a NUL or a lone surrogate, in values and keys, at any depth', () => {
      expect(textFaults({ a: 'ok', b: { c: ['x', 'y\u0000'] }, ['k\u0000']: 1, d: 'a\ud800', e: '\udc00b', f: '😀 ok' })).toEqual([
        { field: 'b.c[1]', fault: 'noNulCharacter' },
        { field: 'k\\u0000', fault: 'noNulCharacter' },
        { field: 'd', fault: 'wellFormedUnicode' },
        { field: 'e', fault: 'wellFormedUnicode' },
      ]);
      expect(textFaults('\u0000')).toEqual([{ field: '(value)', fault: 'noNulCharacter' }]);
      expect(textFaults({ a: 1, b: null, c: [true], d: '\u0001\u202e\ufeff' })).toEqual([]);
    });

    it('walks a value nested far deeper than the stack would allow', () => {
      let deep: unknown = '\u0000';
      for (let i = 0; i < 20_000; i++) deep = [deep];
      expect(textFaults(deep)).toHaveLength(1);
    });
  });

  it('assertStorableText throws a validation error listing the fields', () => {
    expect(() => assertStorableText({ params: { id: 'x' }, query: {}, body: { title: 'ok' } })).not.toThrow();
    try {
      assertStorableText({ params: { id: 'a\u0000' }, body: { title: '\u0000', email: 'a\ud83d@b.be' } });
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('validation');
      expect((error as DomainError).errors.map((e) => [e.field, e.code])).toEqual([
        ['id', 'noNulCharacter'],
        ['title', 'noNulCharacter'],
        ['email', 'wellFormedUnicode'],
      ]);
    }
  });

  it('assertMultipartBoundary refuses multipart/form-data without a boundary only', () => {
    expect(() => assertMultipartBoundary('multipart/form-data')).toThrow(DomainError);
    expect(() => assertMultipartBoundary('multipart/form-data; charset=utf-8')).toThrow(DomainError);
    expect(() => assertMultipartBoundary('multipart/form-data; boundary=')).toThrow(DomainError);
    expect(() => assertMultipartBoundary('multipart/form-data; boundary=----x1')).not.toThrow();
    expect(() => assertMultipartBoundary('Multipart/Form-Data; BOUNDARY="a b"')).not.toThrow();
    expect(() => assertMultipartBoundary('application/json')).not.toThrow();
    expect(() => assertMultipartBoundary(undefined)).not.toThrow();
  });
});
