import { formatEuro } from '../../core/format/nl-be';
import { Province } from '../../core/domain/provinces';
import { assertCents, Cents } from '../../core/money/money';
import { RankedEntry, ThresholdFailure } from './ranking.rule';

export type AwardOutcome = 'AWARD' | 'RESERVE' | 'REJECT';

export interface AwardEntry {
  applicationId: string;
  rank: number;
  province: Province;
  outcome: AwardOutcome;
  /** The requested subsidy for an award, 0 otherwise. */
  amount: Cents;
  /** Kept on every entry so that a reserve can be checked against the envelope when it moves up. */
  requestedSubsidy: Cents;
  /** Why this outcome, as a code with its figures: screens and letters word it in their language. */
  reasonCode: AwardReason['code'];
  reasonParams: AwardReasonParams;
  /** The same in an English sentence, for API clients that show text as is. */
  reason: string;
}

/** Why an entry got its outcome. Amounts in cents; `failures` are the thresholds not reached. */
export type AwardReason =
  | { code: 'AWARDED' }
  | { code: 'PROVINCE_QUOTA_REACHED'; quota: number; province: Province }
  | { code: 'ENVELOPE_EXHAUSTED'; remaining: Cents; needed: Cents }
  | { code: 'BELOW_THRESHOLD'; failures: ThresholdFailure[] };

export type AwardReasonParams = Partial<{ quota: number; province: Province; remaining: Cents; needed: Cents; failures: ThresholdFailure[] }>;

/** The stored and transported form of a reason: its code beside its parameters, and the English sentence. */
export function withReason(reason: AwardReason): Pick<AwardEntry, 'reasonCode' | 'reasonParams' | 'reason'> {
  const { code, ...params } = reason;
  return { reasonCode: code, reasonParams: params, reason: reasonSentence(reason) };
}

/** The reason back from its stored form; null for entries computed before reasons had codes. */
export function reasonOf(entry: Partial<Pick<AwardEntry, 'reasonCode' | 'reasonParams'>>): AwardReason | null {
  if (!entry.reasonCode) return null;
  // withReason stored exactly the parameters of this code beside it.
  return { code: entry.reasonCode, ...entry.reasonParams } as AwardReason;
}

function reasonSentence(reason: AwardReason): string {
  switch (reason.code) {
    case 'AWARDED':
      return AWARDED_SENTENCE;
    case 'PROVINCE_QUOTA_REACHED':
      return quotaSentence(reason.quota, reason.province);
    case 'ENVELOPE_EXHAUSTED':
      return envelopeSentence(reason.remaining, reason.needed);
    case 'BELOW_THRESHOLD':
      return thresholdSentence(reason.failures);
  }
}

const AWARDED_SENTENCE = 'awarded: within envelope and province quota';

function quotaSentence(quota: number, province: Province): string {
  return `reserve: province quota of ${quota} reached for ${province}`;
}

function envelopeSentence(remaining: Cents, needed: Cents): string {
  return `reserve: envelope exhausted (remaining ${formatEuro(remaining)} needed ${formatEuro(needed)})`;
}

function thresholdSentence(failures: readonly ThresholdFailure[]): string {
  return `rejected: ${describeFailures(failures)}`;
}

export interface AwardOptions {
  envelope: Cents;
  /** Already awarded from this envelope (earlier decisions), not available any more. */
  alreadyCommitted: Cents;
  /** Maximum number of awards per province (the labs: 1). */
  provinceQuota: number;
  /** Awards per province that already count against the quota (earlier decisions). */
  awardedPerProvince?: Partial<Record<Province, number>>;
}

export interface AwardProposal {
  /** In rank order. */
  entries: AwardEntry[];
  totalAwarded: Cents;
  /** envelope − alreadyCommitted − totalAwarded. */
  remainingEnvelope: Cents;
  /** Awards per province including the ones passed in, so a later round can continue from here. */
  awardedPerProvince: Partial<Record<Province, number>>;
}

/**
 * Walks the passing entries in rank order and awards each one while its province's quota and
 * the remaining envelope allow. An entry that does not fit the envelope goes to the reserve
 * but does not end the walk: a lower-ranked, cheaper one may still fit, and leaving money
 * unspent while a passing application fits would be indefensible. Passing entries left over
 * form the reserve list in rank order; failing entries are rejected.
 *
 * Deterministic: entries are taken in rank order whatever order they come in.
 */
export function proposeAwards(ranked: readonly AwardCandidate[], options: AwardOptions): AwardProposal {
  const walk = awardWalk(options);
  const inOrder = [...ranked].sort((a, b) => a.rank - b.rank);
  const ranks = new Set<number>();
  for (const entry of inOrder) {
    if (ranks.has(entry.rank)) throw new RangeError(`rank ${entry.rank} appears twice`);
    ranks.add(entry.rank);
  }
  const entries = inOrder.map((entry) => walk.next(entry));
  return { entries, ...walk.totals() };
}

/** What the award walk reads of a ranked entry. */
export type AwardCandidate = Pick<RankedEntry, 'applicationId' | 'rank' | 'province' | 'requestedSubsidy' | 'passed' | 'failures'>;

export interface AwardWalk {
  /** The outcome of the next entry; entries must come in increasing rank (RangeError otherwise). */
  next(entry: AwardCandidate): AwardEntry;
  /** The totals after the entries so far. */
  totals(): Omit<AwardProposal, 'entries'>;
}

/**
 * proposeAwards one entry at a time, for entries that arrive in rank order in batches (a
 * database cursor): only the remaining envelope and the awards per province are kept, so the
 * memory does not grow with the number of entries.
 */
export function awardWalk(options: AwardOptions): AwardWalk {
  const { envelope, alreadyCommitted, provinceQuota } = options;
  assertCents(envelope, 'envelope');
  assertCents(alreadyCommitted, 'already committed');
  if (envelope < 0 || alreadyCommitted < 0) throw new RangeError('envelope and commitments must be ≥ 0');
  // More committed than the envelope holds means the stored state is wrong: fail loudly.
  if (alreadyCommitted > envelope) throw new RangeError('more is committed than the envelope holds');
  if (!Number.isSafeInteger(provinceQuota) || provinceQuota < 0) throw new RangeError('province quota must be a whole number ≥ 0');

  const perProvince: Partial<Record<Province, number>> = { ...options.awardedPerProvince };
  let remaining = envelope - alreadyCommitted;
  let totalAwarded = 0;
  let lastRank = Number.NEGATIVE_INFINITY;

  return {
    totals: () => ({ totalAwarded, remainingEnvelope: remaining, awardedPerProvince: { ...perProvince } }),
    next(entry): AwardEntry {
      if (entry.rank === lastRank) throw new RangeError(`rank ${entry.rank} appears twice`);
      if (entry.rank < lastRank) throw new RangeError(`rank ${entry.rank} is not in rank order`);
      lastRank = entry.rank;
      assertCents(entry.requestedSubsidy, `application ${entry.applicationId}: requested subsidy`);
      if (entry.requestedSubsidy < 0) throw new RangeError(`application ${entry.applicationId}: negative requested subsidy`);
      // Each entry is built as one literal (no spreads of a base and a reason, once per entry of a
      // cursor of 100.000): the keys in the order withReason gave them, which the stored JSON and
      // the audit digest depend on, and the reason's parameters and sentence as withReason words them.
      const { applicationId, rank, province, requestedSubsidy } = entry;
      if (!entry.passed) {
        const failures = entry.failures;
        return {
          applicationId, rank, province, requestedSubsidy, outcome: 'REJECT', amount: 0,
          reasonCode: 'BELOW_THRESHOLD', reasonParams: { failures }, reason: thresholdSentence(failures),
        };
      }
      const awardedHere = perProvince[province] ?? 0;
      if (awardedHere >= provinceQuota) {
        return {
          applicationId, rank, province, requestedSubsidy, outcome: 'RESERVE', amount: 0,
          reasonCode: 'PROVINCE_QUOTA_REACHED', reasonParams: { quota: provinceQuota, province }, reason: quotaSentence(provinceQuota, province),
        };
      }
      if (requestedSubsidy > remaining) {
        return {
          applicationId, rank, province, requestedSubsidy, outcome: 'RESERVE', amount: 0,
          reasonCode: 'ENVELOPE_EXHAUSTED', reasonParams: { remaining, needed: requestedSubsidy }, reason: envelopeSentence(remaining, requestedSubsidy),
        };
      }
      perProvince[province] = awardedHere + 1;
      remaining -= requestedSubsidy;
      totalAwarded += requestedSubsidy;
      return {
        applicationId, rank, province, requestedSubsidy, outcome: 'AWARD', amount: requestedSubsidy,
        reasonCode: 'AWARDED', reasonParams: {}, reason: AWARDED_SENTENCE,
      };
    },
  };
}

export interface NextReserveOptions {
  /** Only a reserve whose requested subsidy fits this amount (what the withdrawal freed plus what was left). */
  fitsWithin?: Cents;
}

/**
 * The highest-ranked reserve entry of a province (any province when null), for when an award
 * is withdrawn; undefined when there is none. Whether a reserve may move up across provinces
 * is the call's rule (`reserveAcrossProvinces`), decided by the caller.
 */
export function nextReserve(
  entries: readonly AwardEntry[],
  province: Province | null,
  options: NextReserveOptions = {},
): AwardEntry | undefined {
  let best: AwardEntry | undefined;
  for (const entry of entries) {
    if (entry.outcome !== 'RESERVE') continue;
    if (province !== null && entry.province !== province) continue;
    if (options.fitsWithin !== undefined && entry.requestedSubsidy > options.fitsWithin) continue;
    if (best === undefined || entry.rank < best.rank) best = entry;
  }
  return best;
}

function describeFailures(failures: readonly ThresholdFailure[]): string {
  if (failures.length === 0) return 'below threshold';
  const parts = failures.map((f) =>
    f.criterion === null
      ? `on the total (${f.score} < ${f.threshold})`
      : `on ${f.criterion} (${f.score} < ${f.threshold})`,
  );
  return `below threshold ${parts.join(' and ')}`;
}

