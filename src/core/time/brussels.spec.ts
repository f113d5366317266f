import { brusselsDate, toBrussels } from './brussels';

describe('Brussels time', () => {
  it('shows summer time as +02:00', () => {
    expect(toBrussels(new Date('2020-09-30T15:00:00Z'))).toBe('2020-09-30T17:00:00+02:00');
  });
  it('shows winter time as +01:00', () => {
    expect(toBrussels(new Date('2020-12-31T23:30:00Z'))).toBe('2021-01-01T00:30:00+01:00');
  });
  it('gives the local calendar date', () => {
    expect(brusselsDate(new Date('2020-12-31T23:30:00Z'))).toBe('2021-01-01');
  });
});
