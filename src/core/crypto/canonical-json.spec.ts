import { canonicalJson, sha256Hex } from './canonical-json';

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined, x: 'é' }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"x":"é","z":1}]},"b":1}');
  });
  it('hashes equal content equally whatever the key order', () => {
    expect(sha256Hex(canonicalJson({ a: 1, b: 2 }))).toBe(sha256Hex(canonicalJson({ b: 2, a: 1 })));
  });
  it('writes dates as ISO instants', () => {
    expect(canonicalJson({ at: new Date('2020-09-30T15:00:00Z') })).toBe('{"at":"2020-09-30T15:00:00.000Z"}');
  });
});
