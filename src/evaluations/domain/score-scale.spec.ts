import fc from 'fast-check';
import { defaultCallRules, EvaluationRules } from '../../calls/domain/call-rules';
import { compileRules, evaluationRulesErrors, formatHundredths, toHundredths, weightedTotalHundredths } from './score-scale';

describe('score scale', () => {
  describe('toHundredths', () => {
    it('converts decimals with at most two places exactly', () => {
      expect(toHundredths(3.5)).toBe(350);
      expect(toHundredths(0.29)).toBe(29); // 0.29 × 100 = 28.999… in floating point
      expect(toHundredths(50)).toBe(5000);
      expect(toHundredths(-0)).toBe(0);
      expect(Object.is(toHundredths(-0), 0)).toBe(true);
    });
    it('refuses more than two decimals and non-numbers', () => {
      expect(toHundredths(3.555)).toBeNull();
      expect(toHundredths(0.001)).toBeNull();
      expect(toHundredths(Number.NaN)).toBeNull();
      expect(toHundredths(Number.POSITIVE_INFINITY)).toBeNull();
    });
    it('round-trips every whole number of hundredths (property)', () => {
      fc.assert(fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (h) => toHundredths(h / 100) === h));
    });
  });

  it('formats hundredths as plain decimals', () => {
    expect(formatHundredths(350)).toBe('3.5');
    expect(formatHundredths(300)).toBe('3');
    expect(formatHundredths(325)).toBe('3.25');
    expect(formatHundredths(5)).toBe('0.05');
    expect(formatHundredths(-250)).toBe('-2.5');
  });

  describe('evaluationRulesErrors', () => {
    it('accepts the default rules', () => {
      expect(evaluationRulesErrors(defaultCallRules().evaluation)).toEqual([]);
    });

    it('reports broken configurations with field paths', () => {
      const rules: EvaluationRules = {
        criteria: [
          { code: 'A', title: 'A', weight: 1.25, scaleMax: 5, step: 0.5, threshold: 6 },
          { code: 'A', title: 'A again', weight: 1, scaleMax: 5, step: 2, threshold: 0 },
          { code: 'C', title: 'C', weight: -1, scaleMax: 0, step: 0.001, threshold: 0 },
        ],
        totalThreshold: -1,
        tieBreak: ['X', 'A', 'A'],
      };
      const codes = evaluationRulesErrors(rules).map((e) => `${e.field}:${e.code}`);
      expect(codes).toEqual(
        expect.arrayContaining([
          'criteria[0].weight:WEIGHT_NOT_EXACT',
          'criteria[0].threshold:THRESHOLD_ABOVE_SCALE',
          'criteria[1].code:DUPLICATE_CRITERION',
          'criteria[1].step:STEP_NOT_DIVIDING_SCALE',
          'criteria[2].weight:INVALID_WEIGHT',
          'criteria[2].scaleMax:INVALID_SCALE',
          'criteria[2].step:INVALID_STEP',
          'totalThreshold:INVALID_THRESHOLD',
          'tieBreak[0]:UNKNOWN_CRITERION',
          'tieBreak[2]:DUPLICATE_CRITERION',
        ]),
      );
    });

    it('accepts a weight of 1.5 with half points (weighted totals stay whole hundredths)', () => {
      const rules: EvaluationRules = {
        criteria: [{ code: 'IMPACT', title: 'Impact', weight: 1.5, scaleMax: 5, step: 0.5, threshold: 3 }],
        totalThreshold: 0,
        tieBreak: [],
      };
      expect(evaluationRulesErrors(rules)).toEqual([]);
    });

    it('compileRules throws on broken rules', () => {
      expect(() => compileRules({ criteria: [], totalThreshold: 0, tieBreak: [] })).toThrow(RangeError);
    });
  });
});

describe('weightedTotalHundredths', () => {
  it('adds weight × score in whole hundredths and ignores unknown criteria', () => {
    const rules = {
      criteria: [
        { code: 'STRATEGIC', title: 'S', weight: 2, scaleMax: 5, step: 0.5, threshold: 3 },
        { code: 'OPERATIONAL', title: 'O', weight: 1, scaleMax: 5, step: 0.5, threshold: 0 },
      ],
      totalThreshold: 6,
      tieBreak: [],
    };
    expect(
      weightedTotalHundredths(
        [
          { criterion: 'STRATEGIC', score: 4.5 },
          { criterion: 'OPERATIONAL', score: 3 },
          { criterion: 'OTHER', score: 5 },
        ],
        rules,
      ),
    ).toBe(1200);
  });
});
