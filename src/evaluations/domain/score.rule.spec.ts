import fc from 'fast-check';
import { defaultCallRules, EvaluationRules } from '../../calls/domain/call-rules';
import { ScoreInput, validateScores } from './score.rule';

const rules = defaultCallRules().evaluation; // STRATEGIC, OPERATIONAL: 0–5 in half points

/** 2021–27 EFRO Vlaanderen style: strategic /50 and operational /50, whole points. */
const efro: EvaluationRules = {
  criteria: [
    { code: 'STRATEGIC', title: 'Strategisch', weight: 1, scaleMax: 50, step: 1, threshold: 30 },
    { code: 'OPERATIONAL', title: 'Operationeel', weight: 1, scaleMax: 50, step: 1, threshold: 0 },
  ],
  totalThreshold: 60,
  tieBreak: ['STRATEGIC', 'OPERATIONAL'],
};

const full: ScoreInput[] = [
  { criterion: 'STRATEGIC', score: 3.5, comment: 'Clear link with the regional strategy.' },
  { criterion: 'OPERATIONAL', score: 4, comment: 'Solid plan.' },
];

const fields = (scores: ScoreInput[], r: EvaluationRules, complete: boolean): string[] =>
  validateScores(scores, r, { complete }).map((e) => `${e.field}:${e.code}`);

describe('validateScores', () => {
  it('accepts a complete, valid set', () => {
    expect(validateScores(full, rules, { complete: true })).toEqual([]);
  });

  it('accepts a partial draft without comments', () => {
    expect(validateScores([{ criterion: 'STRATEGIC', score: 2.5, comment: '' }], rules, { complete: false })).toEqual([]);
  });

  it('refuses an unknown criterion', () => {
    expect(fields([{ criterion: 'BUDGET', score: 3, comment: 'x' }], rules, false)).toEqual([
      'scores[0].criterion:UNKNOWN_CRITERION',
    ]);
  });

  it('refuses a criterion scored twice', () => {
    expect(fields([...full, { criterion: 'STRATEGIC', score: 1, comment: 'again' }], rules, true)).toEqual([
      'scores[2].criterion:DUPLICATE_CRITERION',
    ]);
  });

  it.each([-0.5, 5.5, 100])('refuses %s, off the 0–5 scale', (score) => {
    const errors = validateScores([{ criterion: 'OPERATIONAL', score, comment: 'x' }], rules, { complete: false });
    expect(errors).toEqual([
      { field: 'scores[0].score', code: 'SCORE_OUT_OF_RANGE', message: 'the score for OPERATIONAL must be between 0 and 5' },
    ]);
  });

  it.each([3.25, 0.1, 4.999])('refuses %s, off the half-point step', (score) => {
    expect(fields([{ criterion: 'OPERATIONAL', score, comment: 'x' }], rules, false)).toEqual(['scores[0].score:SCORE_OFF_STEP']);
  });

  it('refuses a score that is not a number', () => {
    expect(fields([{ criterion: 'OPERATIONAL', score: Number.NaN, comment: 'x' }], rules, false)).toEqual([
      'scores[0].score:SCORE_INVALID',
    ]);
  });

  it('uses each criterion\'s own scale: /50 in whole points', () => {
    expect(fields([{ criterion: 'STRATEGIC', score: 42, comment: 'x' }], efro, false)).toEqual([]);
    expect(fields([{ criterion: 'STRATEGIC', score: 42.5, comment: 'x' }], efro, false)).toEqual(['scores[0].score:SCORE_OFF_STEP']);
    expect(fields([{ criterion: 'STRATEGIC', score: 51, comment: 'x' }], efro, false)).toEqual(['scores[0].score:SCORE_OUT_OF_RANGE']);
  });

  it('on submission requires every criterion', () => {
    const errors = validateScores([full[0]], rules, { complete: true });
    expect(errors).toEqual([
      { field: 'scores', code: 'CRITERION_MISSING', message: 'OPERATIONAL (Operationele kwaliteit) is not scored' },
    ]);
  });

  it('on submission requires a comment per score', () => {
    const scores = [full[0], { ...full[1], comment: '   ' }];
    expect(fields(scores, rules, true)).toEqual(['scores[1].comment:COMMENT_REQUIRED']);
  });

  it('reports every problem at once', () => {
    const scores: ScoreInput[] = [
      { criterion: 'STRATEGIC', score: 7, comment: '' },
      { criterion: 'NOPE', score: 1, comment: '' },
    ];
    expect(fields(scores, rules, true)).toEqual([
      'scores[0].score:SCORE_OUT_OF_RANGE',
      'scores[0].comment:COMMENT_REQUIRED',
      'scores[1].criterion:UNKNOWN_CRITERION',
      'scores:CRITERION_MISSING',
    ]);
  });

  it('throws when the rules themselves are broken', () => {
    expect(() => validateScores(full, { ...rules, tieBreak: ['UNKNOWN'] }, { complete: true })).toThrow(RangeError);
  });

  describe('properties', () => {
    const onScale = fc.integer({ min: 0, max: 10 }).map((n) => n / 2);

    it('accepts every complete set of on-scale scores with comments', () => {
      fc.assert(
        fc.property(onScale, onScale, (s, o) =>
          validateScores(
            [
              { criterion: 'OPERATIONAL', score: o, comment: 'ok' },
              { criterion: 'STRATEGIC', score: s, comment: 'ok' },
            ],
            rules,
            { complete: true },
          ).length === 0,
        ),
      );
    });

    it('refuses every score that is not a multiple of the step or is off the scale', () => {
      fc.assert(
        fc.property(fc.double({ min: -100, max: 100, noNaN: true }), (score) => {
          fc.pre(!(score >= 0 && score <= 5 && Number.isInteger(score * 2)));
          return validateScores([{ criterion: 'STRATEGIC', score, comment: 'x' }], rules, { complete: false }).length === 1;
        }),
      );
    });
  });
});
