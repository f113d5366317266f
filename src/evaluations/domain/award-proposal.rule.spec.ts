import fc from 'fast-check';
import { defaultCallRules } from '../../calls/domain/call-rules';
import { Province, PROVINCES } from '../../core/domain/provinces';
import { AwardCandidate, AwardEntry, AwardOptions, awardWalk, nextReserve, proposeAwards } from './award-proposal.rule';
import { rankProposals, RankedEntry, RankingInput } from './ranking.rule';

const rules = defaultCallRules().evaluation; // STRATEGIC (threshold 3), OPERATIONAL; total ≥ 6
const { ANTWERPEN: BE21, LIMBURG: BE22, OOST_VLAANDEREN: BE23, VLAAMS_BRABANT: BE24, WEST_VLAANDEREN: BE25 } = Province;

const LAB = 99_900_000; // € 999.000 per lab
const LABS: AwardOptions = { envelope: 500_000_000, alreadyCommitted: 0, provinceQuota: 1 };

const T0 = Date.parse('2020-09-15T10:00:00Z');

/** Ranks proposals given as [id, province, strategic, operational, requested subsidy]. */
function rank(rows: [string, Province, number, number, number?][]): RankedEntry[] {
  const inputs: RankingInput[] = rows.map(([applicationId, province, strategic, operational, requested], i) => ({
    applicationId,
    province,
    submittedAt: new Date(T0 + i * 60_000),
    requestedSubsidy: requested ?? LAB,
    scores: { STRATEGIC: strategic, OPERATIONAL: operational },
  }));
  return rankProposals(inputs, rules);
}

const outcomes = (entries: AwardEntry[]): string[] => entries.map((e) => `${e.applicationId}:${e.outcome}`);

describe('proposeAwards', () => {
  it('funds one lab per province within € 5.000.000 (the Digital Experience Labs)', () => {
    const ranked = rank([
      ['ant', BE21, 4.5, 4],
      ['lim', BE22, 4, 4],
      ['ovl', BE23, 3.5, 4],
      ['vbr', BE24, 4, 3.5],
      ['wvl', BE25, 3, 3.5],
    ]);
    const proposal = proposeAwards(ranked, LABS);
    expect(proposal.entries.every((e) => e.outcome === 'AWARD' && e.amount === LAB)).toBe(true);
    expect(proposal.entries[0]).toMatchObject({ reasonCode: 'AWARDED', reasonParams: {}, reason: 'awarded: within envelope and province quota' });
    expect(proposal.totalAwarded).toBe(499_500_000);
    expect(proposal.remainingEnvelope).toBe(500_000);
    expect(proposal.awardedPerProvince).toEqual({ BE21: 1, BE22: 1, BE23: 1, BE24: 1, BE25: 1 });
  });

  it('puts the next passing proposal of a province whose quota is full on the reserve list', () => {
    const proposal = proposeAwards(
      rank([
        ['ant-1', BE21, 5, 5],
        ['ant-2', BE21, 4.5, 4.5],
        ['lim-1', BE22, 4, 4],
      ]),
      LABS,
    );
    expect(outcomes(proposal.entries)).toEqual(['ant-1:AWARD', 'ant-2:RESERVE', 'lim-1:AWARD']);
    expect(proposal.entries[1]).toMatchObject({ amount: 0, reasonCode: 'PROVINCE_QUOTA_REACHED', reasonParams: { quota: 1, province: BE21 }, reason: 'reserve: province quota of 1 reached for BE21' });
  });

  it('counts earlier awards against the quota', () => {
    const proposal = proposeAwards(rank([['ant', BE21, 5, 5]]), {
      ...LABS,
      alreadyCommitted: LAB,
      awardedPerProvince: { [BE21]: 1 },
    });
    expect(proposal.entries[0]).toMatchObject({ outcome: 'RESERVE', reason: 'reserve: province quota of 1 reached for BE21' });
    expect(proposal.awardedPerProvince).toEqual({ BE21: 1 });
  });

  it('reserves a proposal that does not fit the envelope but keeps walking for one that does', () => {
    const proposal = proposeAwards(
      rank([
        ['big', BE21, 5, 5, 300_000_000],
        ['bigger', BE22, 4.5, 5, 250_000_000],
        ['small', BE23, 4, 4, 150_000_000],
        ['smaller', BE24, 3.5, 4, 60_000_000],
      ]),
      { envelope: 500_000_000, alreadyCommitted: 0, provinceQuota: 1 },
    );
    expect(outcomes(proposal.entries)).toEqual(['big:AWARD', 'bigger:RESERVE', 'small:AWARD', 'smaller:RESERVE']);
    expect(proposal.entries[1].reason).toBe('reserve: envelope exhausted (remaining € 2.000.000,00 needed € 2.500.000,00)');
    expect(proposal.entries[1]).toMatchObject({ reasonCode: 'ENVELOPE_EXHAUSTED', reasonParams: { remaining: 200_000_000, needed: 250_000_000 } });
    expect(proposal.entries[3].reason).toBe('reserve: envelope exhausted (remaining € 500.000,00 needed € 600.000,00)');
    expect(proposal.totalAwarded).toBe(450_000_000);
    expect(proposal.remainingEnvelope).toBe(50_000_000);
  });

  it('takes what is already committed off the envelope', () => {
    const proposal = proposeAwards(rank([['ant', BE21, 5, 5]]), { ...LABS, alreadyCommitted: 450_000_000 });
    expect(proposal.entries[0]).toMatchObject({
      outcome: 'RESERVE',
      reason: 'reserve: envelope exhausted (remaining € 500.000,00 needed € 999.000,00)',
    });
    expect(proposal.remainingEnvelope).toBe(50_000_000);
  });

  it('awards an exact fit', () => {
    const proposal = proposeAwards(rank([['ant', BE21, 5, 5]]), { envelope: LAB, alreadyCommitted: 0, provinceQuota: 1 });
    expect(proposal).toMatchObject({ totalAwarded: LAB, remainingEnvelope: 0 });
  });

  it('leaves a province with no passing proposal without award, and rejects with the reason', () => {
    const proposal = proposeAwards(
      rank([
        ['ant', BE21, 4, 4],
        ['lim-1', BE22, 2.5, 5],
        ['lim-2', BE22, 3, 2.5],
      ]),
      LABS,
    );
    expect(outcomes(proposal.entries)).toEqual(['ant:AWARD', 'lim-1:REJECT', 'lim-2:REJECT']);
    expect(proposal.entries[1]).toMatchObject({ amount: 0, reason: 'rejected: below threshold on STRATEGIC (2.5 < 3)' });
    expect(proposal.entries[2].reason).toBe('rejected: below threshold on the total (5.5 < 6)');
    expect(proposal.awardedPerProvince[BE22]).toBeUndefined();
    expect(nextReserve(proposal.entries, BE22)).toBeUndefined();
  });

  it('names every threshold that was missed', () => {
    const proposal = proposeAwards(rank([['ant', BE21, 2, 1]]), LABS);
    expect(proposal.entries[0].reason).toBe('rejected: below threshold on STRATEGIC (2 < 3) and on the total (3 < 6)');
    expect(proposal.entries[0]).toMatchObject({
      reasonCode: 'BELOW_THRESHOLD',
      reasonParams: { failures: [{ criterion: 'STRATEGIC', score: 2, threshold: 3 }, { criterion: null, score: 3, threshold: 6 }] },
    });
  });

  it('rejects everything when nothing passes', () => {
    const proposal = proposeAwards(
      rank([
        ['ant', BE21, 2, 5],
        ['lim', BE22, 1, 1],
      ]),
      { ...LABS, alreadyCommitted: 100_000 },
    );
    expect(proposal.entries.map((e) => e.outcome)).toEqual(['REJECT', 'REJECT']);
    expect(proposal).toMatchObject({ totalAwarded: 0, remainingEnvelope: 499_900_000, awardedPerProvince: {} });
  });

  it('handles an empty ranking', () => {
    expect(proposeAwards([], LABS)).toEqual({ entries: [], totalAwarded: 0, remainingEnvelope: 500_000_000, awardedPerProvince: {} });
  });

  it('with a quota of 0 awards nothing', () => {
    const proposal = proposeAwards(rank([['ant', BE21, 5, 5]]), { ...LABS, provinceQuota: 0 });
    expect(proposal.entries[0]).toMatchObject({ outcome: 'RESERVE', reason: 'reserve: province quota of 0 reached for BE21' });
  });

  it.each<[string, AwardOptions]>([
    ['a negative envelope', { envelope: -1, alreadyCommitted: 0, provinceQuota: 1 }],
    ['more committed than the envelope', { envelope: 10, alreadyCommitted: 11, provinceQuota: 1 }],
    ['fractions of a cent', { envelope: 10.5, alreadyCommitted: 0, provinceQuota: 1 }],
    ['a fractional quota', { envelope: 10, alreadyCommitted: 0, provinceQuota: 1.5 }],
    ['a negative quota', { envelope: 10, alreadyCommitted: 0, provinceQuota: -1 }],
  ])('refuses %s', (_what, options) => {
    expect(() => proposeAwards([], options)).toThrow(RangeError);
  });

  it('refuses duplicate ranks', () => {
    const [entry] = rank([['ant', BE21, 5, 5]]);
    expect(() => proposeAwards([entry, { ...entry, applicationId: 'other' }], LABS)).toThrow(RangeError);
  });
});

describe('nextReserve', () => {
  const proposal = proposeAwards(
    rank([
      ['ant-1', BE21, 5, 5],
      ['lim-1', BE22, 5, 4.5],
      ['ant-2', BE21, 4.5, 4.5, 50_000_000],
      ['lim-2', BE22, 4.5, 4, 120_000_000],
      ['ant-3', BE21, 4, 4],
      ['ovl-x', BE23, 2, 2],
    ]),
    LABS,
  );

  it('gives the highest-ranked reserve of the province', () => {
    expect(nextReserve(proposal.entries, BE21)?.applicationId).toBe('ant-2');
    expect(nextReserve(proposal.entries, BE22)?.applicationId).toBe('lim-2');
  });

  it('gives the highest-ranked reserve of any province with null', () => {
    expect(nextReserve(proposal.entries, null)?.applicationId).toBe('ant-2');
  });

  it('never gives an award or a rejected proposal', () => {
    expect(nextReserve(proposal.entries, BE23)).toBeUndefined();
    expect(nextReserve(proposal.entries, BE25)).toBeUndefined();
  });

  it('can skip reserves that do not fit what is available', () => {
    expect(nextReserve(proposal.entries, BE22, { fitsWithin: LAB })).toBeUndefined();
    expect(nextReserve(proposal.entries, null, { fitsWithin: 40_000_000 })).toBeUndefined();
    expect(nextReserve(proposal.entries, BE21, { fitsWithin: 60_000_000 })?.applicationId).toBe('ant-2');
  });

  it('does not depend on the order of the entries', () => {
    expect(nextReserve([...proposal.entries].reverse(), BE21)?.applicationId).toBe('ant-2');
  });
});


describe('proposeAwards properties', () => {
  const halfPoints = fc.integer({ min: 0, max: 10 }).map((n) => n / 2);
  const inputArb = fc.record({
    applicationId: fc.stringMatching(/^[a-f]{1,3}$/),
    province: fc.constantFrom<Province>(...PROVINCES),
    submittedAt: fc.integer({ min: 0, max: 3 }).map((m) => new Date(T0 + m * 60_000)),
    // A handful of amounts, so that exact fits and near misses happen.
    requestedSubsidy: fc.oneof(fc.constantFrom(0, 50_000_000, LAB, 120_000_000), fc.integer({ min: 0, max: 150_000_000 })),
    scores: fc.record({ STRATEGIC: halfPoints, OPERATIONAL: halfPoints }),
  });
  const rankedArb = fc
    .uniqueArray(inputArb, { selector: (e) => e.applicationId, maxLength: 20 })
    .map((inputs) => rankProposals(inputs, rules));
  const optionsArb = fc
    .record({
      envelope: fc.integer({ min: 0, max: 600_000_000 }),
      committedShare: fc.integer({ min: 0, max: 100 }),
      provinceQuota: fc.integer({ min: 0, max: 3 }),
      earlier: fc.array(fc.tuple(fc.constantFrom<Province>(...PROVINCES), fc.integer({ min: 0, max: 4 })), { maxLength: 5 }),
    })
    .map(({ envelope, committedShare, provinceQuota, earlier }): AwardOptions => ({
      envelope,
      alreadyCommitted: Math.floor((envelope * committedShare) / 100),
      provinceQuota,
      awardedPerProvince: Object.fromEntries(earlier),
    }));

  it('never exceeds the envelope, and the amounts add up', () => {
    fc.assert(
      fc.property(rankedArb, optionsArb, (ranked, options) => {
        const proposal = proposeAwards(ranked, options);
        const amounts = proposal.entries.reduce((acc, e) => acc + e.amount, 0);
        expect(amounts).toBe(proposal.totalAwarded);
        expect(proposal.totalAwarded).toBeLessThanOrEqual(options.envelope - options.alreadyCommitted);
        expect(proposal.remainingEnvelope).toBe(options.envelope - options.alreadyCommitted - proposal.totalAwarded);
        expect(proposal.remainingEnvelope).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('never exceeds a province quota', () => {
    fc.assert(
      fc.property(rankedArb, optionsArb, (ranked, options) => {
        const proposal = proposeAwards(ranked, options);
        for (const province of PROVINCES) {
          const earlier = options.awardedPerProvince?.[province] ?? 0;
          const now = proposal.entries.filter((e) => e.province === province && e.outcome === 'AWARD').length;
          if (now > 0) expect(earlier + now).toBeLessThanOrEqual(options.provinceQuota);
          expect(proposal.awardedPerProvince[province] ?? 0).toBe(earlier + now);
        }
      }),
    );
  });

  it('awards and reserves only passing proposals, and rejects every failing one', () => {
    fc.assert(
      fc.property(rankedArb, optionsArb, (ranked, options) => {
        const passed = new Map(ranked.map((r) => [r.applicationId, r.passed]));
        for (const entry of proposeAwards(ranked, options).entries) {
          expect(entry.outcome === 'REJECT').toBe(!passed.get(entry.applicationId));
          expect(entry.amount).toBe(entry.outcome === 'AWARD' ? entry.requestedSubsidy : 0);
        }
      }),
    );
  });

  it('never skips a passing proposal that fits in favour of a lower-ranked one', () => {
    fc.assert(
      fc.property(rankedArb, optionsArb, (ranked, options) => {
        const { entries } = proposeAwards(ranked, options);
        // Replay the walk: at each reserve, the money left and the province count come only
        // from higher-ranked awards, and one of the two must have stopped it.
        let remaining = options.envelope - options.alreadyCommitted;
        const perProvince = new Map<Province, number>(
          PROVINCES.map((p) => [p, options.awardedPerProvince?.[p] ?? 0]),
        );
        for (const entry of entries) {
          const count = perProvince.get(entry.province) ?? 0;
          if (entry.outcome === 'RESERVE') {
            expect(count >= options.provinceQuota || entry.requestedSubsidy > remaining).toBe(true);
          }
          if (entry.outcome === 'AWARD') {
            remaining -= entry.amount;
            perProvince.set(entry.province, count + 1);
          }
        }
      }),
    );
  });

  it('lists entries in rank order and does not depend on input order', () => {
    fc.assert(
      fc.property(
        rankedArb.chain((ranked) => fc.tuple(fc.constant(ranked), fc.shuffledSubarray(ranked, { minLength: ranked.length }))),
        optionsArb,
        ([ranked, shuffled], options) => {
          const proposal = proposeAwards(ranked, options);
          expect(proposal.entries.map((e) => e.rank)).toEqual(ranked.map((_r, i) => i + 1));
          expect(proposeAwards(shuffled, options)).toEqual(proposal);
        },
      ),
    );
  });

  it('awardWalk, fed the entries one at a time in rank order (a subset, as the statuses filter them), proposes exactly what proposeAwards does', () => {
    fc.assert(
      fc.property(
        rankedArb.chain((ranked) => fc.tuple(fc.constant(ranked), fc.subarray(ranked))),
        optionsArb,
        ([, subset], options) => {
          const expected = proposeAwards(subset, options);
          const walk = awardWalk(options);
          const entries = subset.map((entry) => walk.next(candidate(entry)));
          expect({ entries, ...walk.totals() }).toEqual(expected);
        },
      ),
    );
  });

  it('awardWalk refuses entries out of rank order or twice, rather than proposing differently', () => {
    fc.assert(
      fc.property(
        rankedArb.filter((r) => r.length >= 2),
        optionsArb,
        (ranked, options) => {
          const reversed = awardWalk(options);
          expect(() => [...ranked].reverse().forEach((e) => reversed.next(e))).toThrow(/rank order/);
          const twice = awardWalk(options);
          expect(() => [ranked[0], ranked[0]].forEach((e) => twice.next(e))).toThrow(/twice/);
        },
      ),
    );
  });

  it('nextReserve gives the best-ranked reserve of the province', () => {
    fc.assert(
      fc.property(rankedArb, optionsArb, fc.option(fc.constantFrom<Province>(...PROVINCES)), (ranked, options, province) => {
        const { entries } = proposeAwards(ranked, options);
        const reserves = entries.filter((e) => e.outcome === 'RESERVE' && (province === null || e.province === province));
        expect(nextReserve(entries, province)).toEqual(reserves[0]);
      }),
    );
  });
});

/** Only what the walk reads, as the service passes it (no criteria). */
function candidate(entry: RankedEntry): AwardCandidate {
  const { applicationId, rank, province, requestedSubsidy, passed, failures } = entry;
  return { applicationId, rank, province, requestedSubsidy, passed, failures };
}
