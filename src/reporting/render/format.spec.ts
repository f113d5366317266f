import { canonicalJson, sha256Hex } from '../../core/crypto/canonical-json';
import {
  displayEnterpriseNumber,
  displayProvince,
  documentDataHash,
  formatBrusselsDateLong,
  formatInstantLong,
  formatScore,
  parseInstant,
} from './format';

describe('document formatting', () => {
  it('shows enterprise numbers as 0566.988.259, whatever notation they come in', () => {
    expect(displayEnterpriseNumber('0566988259')).toBe('0566.988.259');
    expect(displayEnterpriseNumber('BE 0566.988.259')).toBe('0566.988.259');
    expect(displayEnterpriseNumber('566988259')).toBe('0566.988.259');
    expect(displayEnterpriseNumber('onbekend')).toBe('onbekend');
  });

  it('shows instants in Brussels time, summer and winter', () => {
    expect(formatInstantLong('2020-09-30T14:59:58Z')).toBe('30 september 2020 om 16:59:58');
    expect(formatInstantLong('2020-12-31T23:30:00Z')).toBe('1 januari 2021 om 00:30:00');
    expect(formatBrusselsDateLong('2020-06-27')).toBe('27 juni 2020');
    expect(formatBrusselsDateLong('2020-06-26T22:30:00Z')).toBe('27 juni 2020');
    expect(() => parseInstant('morgen', 'issuedAt')).toThrow('issuedAt');
  });

  it('shows scores in hundredths with a decimal comma', () => {
    expect([350, 300, 325, 7250, 0, -50].map(formatScore)).toEqual(['3,5', '3', '3,25', '72,5', '0', '-0,5']);
    expect(() => formatScore(3.5)).toThrow(RangeError);
  });

  it('names provinces', () => {
    expect(displayProvince('BE24')).toBe('Vlaams-Brabant');
    expect(displayProvince('Limburg')).toBe('Limburg');
  });

  it('hashes the canonical JSON of the data, so key order does not matter', () => {
    expect(documentDataHash({ b: 1, a: [1, 2] })).toBe(sha256Hex(canonicalJson({ a: [1, 2], b: 1 })));
  });
});
