import { EvaluationRules } from '../../calls/domain/call-rules';
import { Province } from '../../core/domain/provinces';
import { assertCents, Cents } from '../../core/money/money';
import { CompiledRules, compileRules, formatHundredths, fromHundredths, Hundredths, requireScore } from './score-scale';

/** One application with its consensus scores, ready to be ranked. */
export interface RankingInput {
  applicationId: string;
  province: Province;
  submittedAt: Date;
  requestedSubsidy: Cents;
  /** Consensus score per criterion code; every criterion of the call, nothing else. */
  scores: Readonly<Record<string, number>>;
}

export interface CriterionResult {
  criterion: string;
  score: number;
  scoreHundredths: Hundredths;
  threshold: number;
  passed: boolean;
}

/** A threshold that was not reached; criterion null means the threshold on the total. */
export interface ThresholdFailure {
  criterion: string | null;
  score: number;
  threshold: number;
}

export interface RankedEntry {
  applicationId: string;
  province: Province;
  submittedAt: Date;
  requestedSubsidy: Cents;
  /** 1..n, unique. */
  rank: number;
  /** In the call's order of criteria. */
  criteria: CriterionResult[];
  /** Σ weight × score; weights count for ranking only. */
  weightedTotal: number;
  /** The same × 100, an exact integer: compare and store this one. */
  weightedTotalHundredths: Hundredths;
  /** Σ score; this is what the total threshold applies to. */
  unweightedTotal: number;
  unweightedTotalHundredths: Hundredths;
  passedCriteria: boolean;
  passedTotal: boolean;
  /** Every criterion threshold and the total threshold reached. */
  passed: boolean;
  failures: ThresholdFailure[];
  /** Why this entry comes after the previous one when their weighted totals are equal; else null. */
  tieBreak: TieBreak | null;
  /** The same in an English sentence, for API clients that show text as is; screens render `tieBreak`. */
  tieBreakNote: string | null;
}

/**
 * What broke a tie with the previous entry, as data so that screens and documents word it in
 * their own language. `equalOn` lists the tie-break criteria that were equal before the decider.
 */
export type TieBreak =
  | { by: 'CRITERION'; weightedTotal: number; equalOn: string[]; criterion: string; before: number; after: number }
  | { by: 'SUBMISSION_TIME'; weightedTotal: number; equalOn: string[] }
  | { by: 'APPLICATION_ID'; weightedTotal: number; equalOn: string[] };

interface Scored {
  input: RankingInput;
  criteria: CriterionResult[];
  byCode: ReadonlyMap<string, Hundredths>;
  weighted: Hundredths;
  unweighted: Hundredths;
  time: number;
}

/** What decided the order between two entries. */
type Decider =
  | { by: 'weightedTotal' }
  | { by: 'criterion'; code: string; equalBefore: string[] }
  | { by: 'submissionTime'; equalBefore: string[] }
  | { by: 'applicationId'; equalBefore: string[] };

/**
 * Ranks by weighted total (highest first); ties are broken by the call's tie-break criteria
 * in order (higher score first), then by earlier submission, then by application id so that
 * the result never depends on input order. All entries are ranked, passing or not: whether an
 * entry can be funded is `passed`, which the award proposal reads.
 *
 * Consensus scores are validated before ranking, so a missing, unknown or off-scale score and
 * a duplicate application id are programming errors here (RangeError).
 */
export function rankProposals(entries: readonly RankingInput[], rules: EvaluationRules): RankedEntry[] {
  const compiled = compileRules(rules);
  const ids = new Set<string>();
  const scored = entries.map((entry) => {
    if (ids.has(entry.applicationId)) throw new RangeError(`application ${entry.applicationId} appears twice`);
    ids.add(entry.applicationId);
    return score(entry, compiled);
  });

  const sorted = [...scored].sort((a, b) => compare(a, b, compiled.tieBreak).order);

  return sorted.map((current, index) => ranked(index > 0 ? sorted[index - 1] : undefined, current, index, compiled));
}

/**
 * The same ranking for entries that already come in rank order (a query sorted by the same
 * keys), one at a time: memory does not grow with the number of entries. Each entry is checked
 * against the one before it with the comparison rankProposals sorts by, so an input out of
 * order (or a duplicate) is refused (RangeError) rather than ranked differently.
 */
export function* rankInOrder(entries: Iterable<RankingInput>, rules: EvaluationRules): Generator<RankedEntry> {
  const walk = rankingWalk(rules);
  for (const entry of entries) yield walk(entry);
}

/**
 * rankInOrder one entry per call, for entries that arrive in batches (a database cursor): the
 * returned function keeps only the entry before and the count, and checks the order the same way.
 * `startIndex` continues a ranking from its entry at that index (0-based), for a page: feed that
 * entry first (its result is its own, rank startIndex + 1) and the ones after it.
 */
export function rankingWalk(rules: EvaluationRules, startIndex = 0, options: RankingWalkOptions = {}): (entry: RankingInput) => RankedEntry {
  if (!Number.isSafeInteger(startIndex) || startIndex < 0) throw new RangeError('the start index must be a whole number ≥ 0');
  const compiled = compileRules(rules);
  const describe = options.tieBreaks ?? true;
  let previous: Scored | undefined;
  let index = startIndex;
  return (entry) => {
    const current = score(entry, compiled);
    let decider: Decider | null = null;
    if (previous !== undefined) {
      const compared = compare(previous, current, compiled.tieBreak);
      if (compared.order === 0) throw new RangeError(`application ${entry.applicationId} appears twice`);
      if (compared.order > 0) throw new RangeError(`application ${entry.applicationId} is not in rank order`);
      decider = describe ? compared.decider : null;
    }
    const result = ranked(previous, current, index, compiled, decider);
    previous = current;
    index += 1;
    return result;
  };
}

export interface RankingWalkOptions {
  /**
   * false: `tieBreak` and `tieBreakNote` stay null (the order is checked all the same), for a
   * caller that reads only ranks and thresholds (the award walk) and need not word every tie.
   */
  tieBreaks?: boolean;
}

function ranked(
  previous: Scored | undefined,
  current: Scored,
  index: number,
  compiled: CompiledRules,
  decider: Decider | null = previous === undefined ? null : compare(previous, current, compiled.tieBreak).decider,
): RankedEntry {
  const tieBreak = previous === undefined || decider === null ? null : describeTieBreak(previous, current, decider);
  const failures: ThresholdFailure[] = current.criteria
    .filter((c) => !c.passed)
    .map((c) => ({ criterion: c.criterion, score: c.score, threshold: c.threshold }));
  const passedCriteria = failures.length === 0;
  const passedTotal = current.unweighted >= compiled.totalThreshold;
  if (!passedTotal) {
    failures.push({
      criterion: null,
      score: fromHundredths(current.unweighted),
      threshold: fromHundredths(compiled.totalThreshold),
    });
  }
  return {
    applicationId: current.input.applicationId,
    province: current.input.province,
    submittedAt: current.input.submittedAt,
    requestedSubsidy: current.input.requestedSubsidy,
    rank: index + 1,
    criteria: current.criteria,
    weightedTotal: fromHundredths(current.weighted),
    weightedTotalHundredths: current.weighted,
    unweightedTotal: fromHundredths(current.unweighted),
    unweightedTotalHundredths: current.unweighted,
    passedCriteria,
    passedTotal,
    passed: passedCriteria && passedTotal,
    failures,
    tieBreak,
    tieBreakNote: tieBreak === null ? null : tieBreakNote(tieBreak),
  };
}

function score(entry: RankingInput, rules: CompiledRules): Scored {
  const context = `application ${entry.applicationId}`;
  const time = entry.submittedAt instanceof Date ? entry.submittedAt.getTime() : Number.NaN;
  if (!Number.isFinite(time)) throw new RangeError(`${context}: invalid submission time`);
  assertCents(entry.requestedSubsidy, `${context}: requested subsidy`);
  if (entry.requestedSubsidy < 0) throw new RangeError(`${context}: negative requested subsidy`);
  for (const code of Object.keys(entry.scores)) {
    if (!rules.byCode.has(code)) throw new RangeError(`${context}: unknown criterion ${code}`);
  }

  const byCode = new Map<string, Hundredths>();
  let weighted = 0;
  let unweighted = 0;
  const criteria = rules.criteria.map((scale) => {
    if (!Object.hasOwn(entry.scores, scale.code)) throw new RangeError(`${context}: no score for ${scale.code}`);
    const hundredths = requireScore(entry.scores[scale.code], scale, context);
    byCode.set(scale.code, hundredths);
    // weight × score is in ten-thousandths; the rules guarantee it is a whole number of hundredths.
    weighted += (scale.weight * hundredths) / 100;
    unweighted += hundredths;
    return {
      criterion: scale.code,
      score: fromHundredths(hundredths),
      scoreHundredths: hundredths,
      threshold: fromHundredths(scale.threshold),
      passed: hundredths >= scale.threshold,
    };
  });
  return { input: entry, criteria, byCode, weighted, unweighted, time };
}

/** Negative when a ranks before b, with what decided it. */
function compare(a: Scored, b: Scored, tieBreak: readonly string[]): { order: number; decider: Decider | null } {
  if (a.weighted !== b.weighted) return { order: b.weighted - a.weighted, decider: { by: 'weightedTotal' } };
  const equalBefore: string[] = [];
  for (const code of tieBreak) {
    const sa = a.byCode.get(code) ?? 0;
    const sb = b.byCode.get(code) ?? 0;
    if (sa !== sb) return { order: sb - sa, decider: { by: 'criterion', code, equalBefore } };
    equalBefore.push(code);
  }
  if (a.time !== b.time) return { order: a.time - b.time, decider: { by: 'submissionTime', equalBefore } };
  const idA = a.input.applicationId;
  const idB = b.input.applicationId;
  // Code-unit order, not localeCompare: the same on every server whatever its locale.
  if (idA !== idB) return { order: idA < idB ? -1 : 1, decider: { by: 'applicationId', equalBefore } };
  return { order: 0, decider: null };
}

function describeTieBreak(previous: Scored, current: Scored, decider: Decider): TieBreak | null {
  if (decider.by === 'weightedTotal') return null;
  const common = { weightedTotal: fromHundredths(current.weighted), equalOn: decider.equalBefore };
  switch (decider.by) {
    case 'criterion':
      return { by: 'CRITERION', ...common, criterion: decider.code, before: fromHundredths(previous.byCode.get(decider.code) ?? 0), after: fromHundredths(current.byCode.get(decider.code) ?? 0) };
    case 'submissionTime':
      return { by: 'SUBMISSION_TIME', ...common };
    case 'applicationId':
      return { by: 'APPLICATION_ID', ...common };
  }
}

function tieBreakNote(tie: TieBreak): string {
  const tiedOn = [`weighted total ${formatHundredths(Math.round(tie.weightedTotal * 100))}`, ...tie.equalOn];
  switch (tie.by) {
    case 'CRITERION':
      return `tie on ${list(tiedOn)} broken by ${tie.criterion} (${formatHundredths(Math.round(tie.before * 100))} > ${formatHundredths(Math.round(tie.after * 100))})`;
    case 'SUBMISSION_TIME':
      return `tie on ${list(tiedOn)} broken by submission time`;
    case 'APPLICATION_ID':
      return `tie on ${list([...tiedOn, 'submission time'])} broken by application id`;
  }
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
