import type { TFunction } from 'i18next';
import { formatEuro, formatScoreValue } from './format';

/**
 * The service's tie-break notes and award reasons come as codes with their figures; these put
 * them into the reader's language, with the call's criterion titles instead of their codes.
 * `t` is the `award` namespace's (web/src/i18n/award.*.json): the ranking page and the
 * applicant's result page word them alike.
 */
export interface TextContext {
  t: TFunction;
  language: string;
  /** Criterion code → its title in the call (codes without one are shown as they are). */
  criteria: ReadonlyMap<string, string>;
  /** Province code → its name. */
  province: (code: string) => string;
}

export interface TieBreakData {
  by: 'CRITERION' | 'SUBMISSION_TIME' | 'APPLICATION_ID';
  weightedTotal: number;
  equalOn: string[];
  criterion?: string;
  before?: number;
  after?: number;
}

export interface ThresholdFailureData {
  criterion: string | null;
  score: number;
  threshold: number;
}

export interface AwardReasonData {
  reasonCode: 'AWARDED' | 'PROVINCE_QUOTA_REACHED' | 'ENVELOPE_EXHAUSTED' | 'BELOW_THRESHOLD' | null;
  reasonParams: { quota?: number; province?: string; remaining?: number; needed?: number; failures?: ThresholdFailureData[] };
  /** The English sentence, shown only for proposals computed before reasons had codes. */
  reason: string;
}

const criterionName = (c: TextContext, code: string) => c.criteria.get(code) ?? code;

/** "a, b en c" / "a, b and c". */
export function joinList(items: readonly string[], language: string): string {
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);
}

export function tieBreakText(c: TextContext, tie: TieBreakData): string {
  const equal = [c.t('tie.weightedTotal', { total: formatScoreValue(tie.weightedTotal, c.language) }), ...tie.equalOn.map((code) => criterionName(c, code))];
  // By the file number only when the submission time was equal too.
  if (tie.by === 'APPLICATION_ID') equal.push(c.t('tie.submissionTime'));
  const tiedOn = joinList(equal, c.language);
  switch (tie.by) {
    case 'CRITERION':
      return c.t('tie.CRITERION', {
        tiedOn,
        criterion: criterionName(c, tie.criterion ?? ''),
        before: formatScoreValue(tie.before ?? 0, c.language),
        after: formatScoreValue(tie.after ?? 0, c.language),
      });
    case 'SUBMISSION_TIME':
      return c.t('tie.SUBMISSION_TIME', { tiedOn });
    case 'APPLICATION_ID':
      return c.t('tie.APPLICATION_ID', { tiedOn });
  }
}

/** The order the ranking follows, from the call's tie-break criteria. */
export function tieBreakRuleText(c: TextContext, order: readonly string[]): string {
  return order.length === 0 ? c.t('tie.ruleNoCriteria') : c.t('tie.rule', { criteria: joinList(order.map((code) => criterionName(c, code)), c.language) });
}

export function thresholdFailureText(c: TextContext, f: ThresholdFailureData): string {
  const figures = { score: formatScoreValue(f.score, c.language), threshold: formatScoreValue(f.threshold, c.language) };
  return f.criterion === null ? c.t('reasons.failureTotal', figures) : c.t('reasons.failureCriterion', { ...figures, criterion: criterionName(c, f.criterion) });
}

export function awardReasonText(c: TextContext, entry: AwardReasonData): string {
  const p = entry.reasonParams;
  switch (entry.reasonCode) {
    case 'AWARDED':
      return c.t('reasons.AWARDED');
    case 'PROVINCE_QUOTA_REACHED':
      return c.t('reasons.PROVINCE_QUOTA_REACHED', { quota: p.quota ?? 0, province: c.province(p.province ?? '') });
    case 'ENVELOPE_EXHAUSTED':
      return c.t('reasons.ENVELOPE_EXHAUSTED', { remaining: formatEuro(p.remaining ?? 0), needed: formatEuro(p.needed ?? 0) });
    case 'BELOW_THRESHOLD':
      return c.t('reasons.BELOW_THRESHOLD', { failures: joinList((p.failures ?? []).map((f) => thresholdFailureText(c, f)), c.language) });
    case null:
      return entry.reason;
  }
}
