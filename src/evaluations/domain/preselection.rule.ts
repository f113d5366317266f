import { MatchingCofinancing } from '../../calls/domain/call-rules';
import { matchingCofinancing } from '../../applications/budgets/domain/subsidy.rule';
import { Cents } from '../../core/money/money';
import { AwardEntry } from './award-proposal.rule';

export interface PreselectedCandidate {
  applicationId: string;
  /** 1 for the best candidate put forward, in the ranking's order. */
  rank: number;
  /** The contribution asked of the programme (EU share). */
  contribution: Cents;
  /** The matching cofinancing it comes with: ⌊minRatio × contribution⌋, 0 without a matching rule. */
  matching: Cents;
}

/**
 * A PRESELECTION call's decision (EDIH: the Flemish list for the Commission's restricted call)
 * puts forward the entries the award walk would have awarded, numbered 1, 2, … in ranking
 * order; the others stay reserve or rejected as the walk says. Nothing is granted.
 */
export function preselectionList(entries: readonly Pick<AwardEntry, 'applicationId' | 'rank' | 'outcome' | 'amount'>[], matching: MatchingCofinancing | null | undefined): PreselectedCandidate[] {
  return entries
    .filter((e) => e.outcome === 'AWARD')
    .sort((a, b) => a.rank - b.rank)
    .map((e, i) => ({
      applicationId: e.applicationId,
      rank: i + 1,
      contribution: e.amount,
      matching: matching ? matchingCofinancing(e.amount, matching.minRatio) : 0,
    }));
}
