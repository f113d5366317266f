import fc from 'fast-check';
import { defaultCallRules, EvaluationRules } from '../../calls/domain/call-rules';
import { Province, PROVINCES } from '../../core/domain/provinces';
import { rankInOrder, rankingWalk, rankProposals, RankedEntry, RankingInput } from './ranking.rule';

const rules = defaultCallRules().evaluation; // STRATEGIC (threshold 3), OPERATIONAL; total ≥ 6

const T0 = Date.parse('2020-09-15T10:00:00Z');
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

const input = (
  applicationId: string,
  strategic: number,
  operational: number,
  overrides: Partial<RankingInput> = {},
): RankingInput => ({
  applicationId,
  province: Province.ANTWERPEN,
  submittedAt: at(0),
  requestedSubsidy: 99_900_000,
  scores: { STRATEGIC: strategic, OPERATIONAL: operational },
  ...overrides,
});

const order = (ranked: RankedEntry[]): string[] => ranked.map((r) => r.applicationId);

describe('rankProposals', () => {
  it('ranks by weighted total, highest first', () => {
    const ranked = rankProposals([input('a', 3, 3), input('b', 5, 4.5), input('c', 4, 4)], rules);
    expect(order(ranked)).toEqual(['b', 'c', 'a']);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(ranked[0]).toMatchObject({ weightedTotal: 9.5, weightedTotalHundredths: 950, unweightedTotal: 9.5, tieBreakNote: null });
  });

  it('applies weights to the ranking but not to the total threshold', () => {
    const weighted: EvaluationRules = {
      ...rules,
      criteria: rules.criteria.map((c) => (c.code === 'STRATEGIC' ? { ...c, weight: 1.5 } : c)),
    };
    // a: 1.5 × 3.5 + 2.5 = 7.75 (unweighted 6); b: 1.5 × 3 + 3.5 = 8 (unweighted 6.5)
    const ranked = rankProposals([input('a', 3.5, 2.5), input('b', 3, 3.5)], weighted);
    expect(order(ranked)).toEqual(['b', 'a']);
    expect(ranked.map((r) => [r.weightedTotalHundredths, r.unweightedTotalHundredths])).toEqual([
      [800, 650],
      [775, 600],
    ]);
    expect(ranked.every((r) => r.passed)).toBe(true);
  });

  it('passes on criterion thresholds and the total threshold together', () => {
    const ranked = rankProposals(
      [input('fails-strategic', 2.5, 5), input('fails-total', 3, 2.5), input('passes', 3, 3)],
      rules,
    );
    const byId = new Map(ranked.map((r) => [r.applicationId, r]));
    expect(byId.get('fails-strategic')).toMatchObject({
      passedCriteria: false,
      passedTotal: true,
      passed: false,
      failures: [{ criterion: 'STRATEGIC', score: 2.5, threshold: 3 }],
    });
    expect(byId.get('fails-total')).toMatchObject({
      passedCriteria: true,
      passedTotal: false,
      passed: false,
      failures: [{ criterion: null, score: 5.5, threshold: 6 }],
    });
    expect(byId.get('passes')).toMatchObject({ passed: true, failures: [] });
    // Ranking is by weighted total alone: a failing proposal can rank above a passing one.
    expect(order(ranked)).toEqual(['fails-strategic', 'passes', 'fails-total']);
  });

  it('a score exactly on the threshold passes', () => {
    const [entry] = rankProposals([input('a', 3, 3)], rules);
    expect(entry.criteria).toEqual([
      { criterion: 'STRATEGIC', score: 3, scoreHundredths: 300, threshold: 3, passed: true },
      { criterion: 'OPERATIONAL', score: 3, scoreHundredths: 300, threshold: 0, passed: true },
    ]);
    expect(entry.passed).toBe(true);
  });

  it('sums exactly where floating point does not', () => {
    const tenths: EvaluationRules = {
      criteria: [
        { code: 'A', title: 'A', weight: 1, scaleMax: 1, step: 0.1, threshold: 0 },
        { code: 'B', title: 'B', weight: 1, scaleMax: 1, step: 0.1, threshold: 0 },
      ],
      totalThreshold: 0.3,
      tieBreak: [],
    };
    // 0.1 + 0.2 = 0.30000000000000004 in floating point
    const [entry] = rankProposals([{ ...input('a', 0, 0), scores: { A: 0.1, B: 0.2 } }], tenths);
    expect(entry).toMatchObject({ unweightedTotal: 0.3, unweightedTotalHundredths: 30, passedTotal: true });
  });

  describe('ties', () => {
    it('are broken by the tie-break criteria in order, higher score first', () => {
      const ranked = rankProposals([input('b', 3.5, 4), input('a', 4, 3.5)], rules);
      expect(order(ranked)).toEqual(['a', 'b']);
      expect(ranked[0].tieBreakNote).toBeNull();
      expect(ranked[1].tieBreakNote).toBe('tie on weighted total 7.5 broken by STRATEGIC (4 > 3.5)');
      expect(ranked[0].tieBreak).toBeNull();
      expect(ranked[1].tieBreak).toEqual({ by: 'CRITERION', weightedTotal: 7.5, equalOn: [], criterion: 'STRATEGIC', before: 4, after: 3.5 });
    });

    it('use the call\'s tie-break order, not the order of the criteria', () => {
      const operationalFirst = { ...rules, tieBreak: ['OPERATIONAL', 'STRATEGIC'] };
      const ranked = rankProposals([input('a', 4, 3.5), input('b', 3.5, 4)], operationalFirst);
      expect(order(ranked)).toEqual(['b', 'a']);
      expect(ranked[1].tieBreakNote).toBe('tie on weighted total 7.5 broken by OPERATIONAL (4 > 3.5)');
    });

    it('name the criteria that were also tied', () => {
      const three: EvaluationRules = {
        criteria: [
          { code: 'S', title: 'S', weight: 1, scaleMax: 5, step: 0.5, threshold: 0 },
          { code: 'O', title: 'O', weight: 1, scaleMax: 5, step: 0.5, threshold: 0 },
          { code: 'I', title: 'I', weight: 1, scaleMax: 5, step: 0.5, threshold: 0 },
        ],
        totalThreshold: 0,
        tieBreak: ['S', 'O', 'I'],
      };
      const ranked = rankProposals(
        [
          { ...input('x', 0, 0), scores: { S: 4, O: 3, I: 2 } },
          { ...input('y', 0, 0), scores: { S: 4, O: 4, I: 1 } },
        ],
        three,
      );
      expect(order(ranked)).toEqual(['y', 'x']);
      expect(ranked[1].tieBreakNote).toBe('tie on weighted total 9 and S broken by O (4 > 3)');
      expect(ranked[1].tieBreak).toEqual({ by: 'CRITERION', weightedTotal: 9, equalOn: ['S'], criterion: 'O', before: 4, after: 3 });
    });

    it('then by earlier submission', () => {
      const ranked = rankProposals([input('late', 4, 4, { submittedAt: at(5) }), input('early', 4, 4, { submittedAt: at(1) })], rules);
      expect(order(ranked)).toEqual(['early', 'late']);
      expect(ranked[1].tieBreakNote).toBe('tie on weighted total 8, STRATEGIC and OPERATIONAL broken by submission time');
      expect(ranked[1].tieBreak).toEqual({ by: 'SUBMISSION_TIME', weightedTotal: 8, equalOn: ['STRATEGIC', 'OPERATIONAL'] });
    });

    it('go to submission time directly when the call has no tie-break criteria', () => {
      const ranked = rankProposals(
        [input('b', 3.5, 4, { submittedAt: at(0) }), input('a', 4, 3.5, { submittedAt: at(1) })],
        { ...rules, tieBreak: [] },
      );
      expect(order(ranked)).toEqual(['b', 'a']);
      expect(ranked[1].tieBreakNote).toBe('tie on weighted total 7.5 broken by submission time');
    });

    it('and finally by application id', () => {
      const ranked = rankProposals([input('b', 4, 4), input('a', 4, 4)], rules);
      expect(order(ranked)).toEqual(['a', 'b']);
      expect(ranked[1].tieBreakNote).toBe(
        'tie on weighted total 8, STRATEGIC, OPERATIONAL and submission time broken by application id',
      );
      expect(ranked[1].tieBreak).toEqual({ by: 'APPLICATION_ID', weightedTotal: 8, equalOn: ['STRATEGIC', 'OPERATIONAL'] });
    });
  });

  it('ranks an empty list', () => {
    expect(rankProposals([], rules)).toEqual([]);
  });

  it.each<[string, RankingInput]>([
    ['a missing score', { ...input('a', 3, 3), scores: { STRATEGIC: 3 } }],
    ['an unknown criterion', { ...input('a', 3, 3), scores: { STRATEGIC: 3, OPERATIONAL: 3, BUDGET: 1 } }],
    ['a score off the step', input('a', 3.25, 3)],
    ['a score off the scale', input('a', 3, 6)],
    ['an invalid date', input('a', 3, 3, { submittedAt: new Date(Number.NaN) })],
    ['a negative requested subsidy', input('a', 3, 3, { requestedSubsidy: -1 })],
    ['a requested subsidy in fractions of a cent', input('a', 3, 3, { requestedSubsidy: 10.5 })],
  ])('refuses %s', (_what, bad) => {
    expect(() => rankProposals([bad], rules)).toThrow(RangeError);
  });

  it('refuses the same application twice', () => {
    expect(() => rankProposals([input('a', 3, 3), input('a', 4, 4)], rules)).toThrow(RangeError);
  });

  describe('properties', () => {
    const halfPoints = fc.integer({ min: 0, max: 10 }).map((n) => n / 2);
    // Few distinct values, so that ties on every level actually occur.
    const entryArb = fc.record({
      applicationId: fc.stringMatching(/^[a-e]{1,3}$/),
      province: fc.constantFrom<Province>(...PROVINCES),
      submittedAt: fc.integer({ min: 0, max: 3 }).map(at),
      requestedSubsidy: fc.integer({ min: 0, max: 99_900_000 }),
      scores: fc.record({ STRATEGIC: halfPoints, OPERATIONAL: halfPoints }),
    });
    const entriesArb = fc.uniqueArray(entryArb, { selector: (e) => e.applicationId, maxLength: 25 });
    const withShuffle = entriesArb.chain((entries) =>
      fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length })),
    );
    const rulesArb = fc.constantFrom<EvaluationRules>(
      rules,
      { ...rules, tieBreak: ['OPERATIONAL'] },
      { ...rules, tieBreak: [] },
      { ...rules, criteria: rules.criteria.map((c, i) => ({ ...c, weight: i === 0 ? 2 : 1 })) },
    );

    it('gives ranks that are a permutation of 1..n', () => {
      fc.assert(
        fc.property(entriesArb, rulesArb, (entries, r) => {
          const ranks = rankProposals(entries, r).map((e) => e.rank).sort((a, b) => a - b);
          expect(ranks).toEqual(entries.map((_e, i) => i + 1));
        }),
      );
    });

    it('ranks entries that come in rank order exactly as rankProposals does, one at a time', () => {
      fc.assert(
        fc.property(entriesArb, rulesArb, (entries, r) => {
          const expected = rankProposals(entries, r);
          const byId = new Map(entries.map((e) => [e.applicationId, e]));
          expect([...rankInOrder(expected.map((e) => byId.get(e.applicationId)!), r)]).toEqual(expected);
        }),
      );
    });

    it('continues a ranking from any entry as the whole walk does, except the tie-break note of that first entry', () => {
      fc.assert(
        fc.property(
          entriesArb.filter((e) => e.length >= 1).chain((entries) => fc.tuple(fc.constant(entries), fc.nat({ max: entries.length - 1 }))),
          rulesArb,
          ([entries, start], r) => {
            const expected = rankProposals(entries, r);
            const byId = new Map(entries.map((e) => [e.applicationId, e]));
            const walk = rankingWalk(r, start);
            const page = expected.slice(start).map((e) => walk(byId.get(e.applicationId)!));
            // The first entry has no entry before it here: its own figures, no tie-break.
            expect(page.slice(1)).toEqual(expected.slice(start + 1));
            expect(page[0]).toEqual({ ...expected[start], tieBreak: null, tieBreakNote: null });
          },
        ),
      );
    });

    it('ranks as rankProposals does without wording the ties when asked not to', () => {
      fc.assert(
        fc.property(entriesArb, rulesArb, (entries, r) => {
          const expected = rankProposals(entries, r);
          const byId = new Map(entries.map((e) => [e.applicationId, e]));
          const walk = rankingWalk(r, 0, { tieBreaks: false });
          expect(expected.map((e) => walk(byId.get(e.applicationId)!))).toEqual(expected.map((e) => ({ ...e, tieBreak: null, tieBreakNote: null })));
        }),
      );
    });

    it('refuses entries out of rank order or twice, rather than ranking them differently', () => {
      fc.assert(
        fc.property(entriesArb.filter((e) => e.length >= 2), rulesArb, (entries, r) => {
          const inOrder = rankProposals(entries, r).map((e) => entries.find((x) => x.applicationId === e.applicationId)!);
          expect(() => [...rankInOrder([...inOrder].reverse(), r)]).toThrow(RangeError);
          expect(() => [...rankInOrder([inOrder[0], inOrder[0]], r)]).toThrow(/twice/);
        }),
      );
    });

    it('does not depend on input order', () => {
      fc.assert(
        fc.property(withShuffle, rulesArb, ([entries, shuffled], r) => {
          expect(rankProposals(shuffled, r)).toEqual(rankProposals(entries, r));
        }),
      );
    });

    it('orders by weighted total, notes exactly the ties, and computes totals exactly', () => {
      fc.assert(
        fc.property(entriesArb, rulesArb, (entries, r) => {
          const ranked = rankProposals(entries, r);
          ranked.forEach((entry, i) => {
            const expected = r.criteria.reduce(
              (acc, c) => acc + Math.round(c.weight * 100) * Math.round((entry.criteria.find((x) => x.criterion === c.code)?.score ?? 0) * 100),
              0,
            );
            expect(entry.weightedTotalHundredths * 100).toBe(expected);
            expect(entry.passed).toBe(entry.failures.length === 0);
            if (i === 0) {
              expect(entry.tieBreakNote).toBeNull();
              return;
            }
            const previous = ranked[i - 1];
            expect(previous.weightedTotalHundredths).toBeGreaterThanOrEqual(entry.weightedTotalHundredths);
            const tied = previous.weightedTotalHundredths === entry.weightedTotalHundredths;
            expect(entry.tieBreakNote !== null).toBe(tied);
            if (tied && r.tieBreak.length > 0) {
              // The first tie-break criterion never favours the later entry.
              const code = r.tieBreak[0];
              const score = (e: RankedEntry): number => e.criteria.find((c) => c.criterion === code)?.scoreHundredths ?? 0;
              expect(score(previous)).toBeGreaterThanOrEqual(score(entry));
            }
          });
        }),
      );
    });
  });
});
