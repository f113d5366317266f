import fc from 'fast-check';
import { defaultCallRules, EvaluationRules } from '../../calls/domain/call-rules';
import { proposeConsensus, SubmittedScore } from './consensus.rule';

const rules = defaultCallRules().evaluation; // STRATEGIC, OPERATIONAL: 0–5 in half points

const efro: EvaluationRules = {
  criteria: [
    { code: 'STRATEGIC', title: 'Strategisch', weight: 1, scaleMax: 50, step: 1, threshold: 30 },
    { code: 'OPERATIONAL', title: 'Operationeel', weight: 1, scaleMax: 50, step: 1, threshold: 0 },
  ],
  totalThreshold: 60,
  tieBreak: ['STRATEGIC'],
};

const evaluator = (strategic: number, operational: number): SubmittedScore[] => [
  { criterion: 'STRATEGIC', score: strategic },
  { criterion: 'OPERATIONAL', score: operational },
];

describe('proposeConsensus', () => {
  it('takes the mean when it falls on the step', () => {
    const result = proposeConsensus([evaluator(3, 4), evaluator(4, 4), evaluator(3.5, 4)], rules);
    expect(result).toEqual([
      { criterion: 'STRATEGIC', score: 3.5, scoreHundredths: 350, evaluatorCount: 3, lowest: 3, highest: 4 },
      { criterion: 'OPERATIONAL', score: 4, scoreHundredths: 400, evaluatorCount: 3, lowest: 4, highest: 4 },
    ]);
  });

  it('rounds the mean down to the step', () => {
    // STRATEGIC: (3 + 3.5) / 2 = 3.25 → 3; OPERATIONAL: (4 + 4.5 + 4.5) / 3 = 4.33 → 4
    const result = proposeConsensus([evaluator(3, 4), evaluator(3.5, 4.5), evaluator(3, 4.5)], rules);
    expect(result.map((r) => r.score)).toEqual([3, 4]);
  });

  it('rounds down to whole points on a /50 scale', () => {
    // (31 + 32) / 2 = 31.5 → 31; (40 + 45) / 2 = 42.5 → 42
    expect(proposeConsensus([evaluator(31, 40), evaluator(32, 45)], efro).map((r) => r.score)).toEqual([31, 42]);
  });

  it('is exact where floating point is not', () => {
    const tenths: EvaluationRules = {
      criteria: [{ code: 'Q', title: 'Q', weight: 1, scaleMax: 1, step: 0.1, threshold: 0 }],
      totalThreshold: 0,
      tieBreak: [],
    };
    const q = (...scores: number[]): SubmittedScore[][] => scores.map((score) => [{ criterion: 'Q', score }]);
    // In floating point (0.7 + 0.7 + 0.7) / 3 = 0.6999… and (0.1 + 0.7) / 2 / 0.1 = 3.999…, so a
    // naive floor would give 0.6 and 0.3.
    expect(proposeConsensus(q(0.7, 0.7, 0.7), tenths)[0].score).toBe(0.7);
    expect(proposeConsensus(q(0.1, 0.7), tenths)[0].score).toBe(0.4);
  });

  it('gives null for a criterion nobody scored', () => {
    const result = proposeConsensus([[{ criterion: 'STRATEGIC', score: 4 }]], rules);
    expect(result[1]).toEqual({
      criterion: 'OPERATIONAL',
      score: null,
      scoreHundredths: null,
      evaluatorCount: 0,
      lowest: null,
      highest: null,
    });
    expect(proposeConsensus([], rules).every((r) => r.score === null)).toBe(true);
  });

  it('refuses scores that validation should have stopped', () => {
    expect(() => proposeConsensus([[{ criterion: 'NOPE', score: 1 }]], rules)).toThrow(RangeError);
    expect(() => proposeConsensus([evaluator(3.25, 4)], rules)).toThrow(RangeError);
    expect(() => proposeConsensus([evaluator(6, 4)], rules)).toThrow(RangeError);
    expect(() => proposeConsensus([[...evaluator(3, 4), { criterion: 'STRATEGIC', score: 2 }]], rules)).toThrow(RangeError);
  });

  describe('properties', () => {
    const halfPoint = fc.integer({ min: 0, max: 10 });

    it('lies on the step, between the lowest and highest score, and within one step below the mean', () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(halfPoint, halfPoint), { minLength: 1, maxLength: 8 }), (halves) => {
          const submitted = halves.map(([s, o]) => evaluator(s / 2, o / 2));
          const [strategic] = proposeConsensus(submitted, rules);
          const h = strategic.scoreHundredths as number;
          const sumH = halves.reduce((acc, [s]) => acc + s * 50, 0);
          const n = halves.length;
          return (
            h % 50 === 0 &&
            h >= Math.min(...halves.map(([s]) => s * 50)) &&
            h <= Math.max(...halves.map(([s]) => s * 50)) &&
            h * n <= sumH && // never above the mean
            (h + 50) * n > sumH // less than one step below it
          );
        }),
      );
    });

    it('does not depend on the order of the evaluators', () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(halfPoint, halfPoint), { minLength: 1, maxLength: 6 }).chain((halves) =>
            fc.tuple(fc.constant(halves), fc.shuffledSubarray(halves, { minLength: halves.length })),
          ),
          ([halves, shuffled]) => {
            const a = proposeConsensus(halves.map(([s, o]) => evaluator(s / 2, o / 2)), rules);
            const b = proposeConsensus(shuffled.map(([s, o]) => evaluator(s / 2, o / 2)), rules);
            expect(b).toEqual(a);
          },
        ),
      );
    });
  });
});
