import { formatScoreValue, scaleValues, stepOf } from './score-scale';

describe('score scale', () => {
  it('lists 0–5 in half points', () => {
    expect(scaleValues(5, 0.5)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
  });
  it('does not drift in tenths', () => {
    const values = scaleValues(1, 0.1);
    expect(values).toHaveLength(11);
    expect(values[3]).toBe(0.3);
    expect(values[10]).toBe(1);
  });
  it('refuses a step of zero', () => {
    expect(scaleValues(5, 0)).toEqual([]);
  });
  it('writes scores with a decimal comma in Dutch', () => {
    expect(formatScoreValue(3.5, 'nl-BE')).toBe('3,5');
    expect(formatScoreValue(3.5, 'en')).toBe('3.5');
    expect(formatScoreValue(4, 'nl-BE')).toBe('4');
  });
  it('names the next step of each status', () => {
    expect(stepOf('ASSIGNED')).toBe('declare');
    expect(stepOf('DECLARED')).toBe('score');
    expect(stepOf('SUBMITTED')).toBe('submitted');
    expect(stepOf('CONFLICT')).toBe('conflict');
  });
});
