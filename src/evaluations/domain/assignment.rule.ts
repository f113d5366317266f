/**
 * Automatic assignment of evaluators: N per proposal, spreading the load evenly, never an
 * evaluator whose organisation is one of the consortium's partners, never one who declared
 * a conflict on the proposal, never twice the same evaluator on one proposal.
 */
export interface EvaluatorCandidate {
  evaluatorId: string;
  /** The evaluator's organisation (normalised enterprise number), if any. */
  enterpriseNumber: string | null;
  /** Assignments the evaluator already holds in this call (conflicts excluded). */
  load: number;
}

export interface ProposalToStaff {
  applicationId: string;
  partnerNumbers: readonly string[];
  /** Evaluators already on it, or who declared a conflict on it. */
  takenOrExcluded: readonly string[];
  /** Active assignments it already has (not conflicts). */
  activeCount: number;
}

export interface AssignmentPlan {
  assignments: { applicationId: string; evaluatorId: string }[];
  shortfalls: { applicationId: string; missing: number }[];
}

export function isConflicted(evaluatorNumber: string | null, partnerNumbers: readonly string[]): boolean {
  return evaluatorNumber !== null && partnerNumbers.includes(evaluatorNumber);
}

export function planAssignments(
  proposals: readonly ProposalToStaff[],
  evaluators: readonly EvaluatorCandidate[],
  perProposal: number,
): AssignmentPlan {
  const load = new Map(evaluators.map((e) => [e.evaluatorId, e.load]));
  const assignments: AssignmentPlan['assignments'] = [];
  const shortfalls: AssignmentPlan['shortfalls'] = [];
  const ordered = [...proposals].sort((a, b) => (a.applicationId < b.applicationId ? -1 : 1));
  for (const proposal of ordered) {
    const taken = new Set(proposal.takenOrExcluded);
    let needed = perProposal - proposal.activeCount;
    while (needed > 0) {
      const choice = evaluators
        .filter((e) => !taken.has(e.evaluatorId) && !isConflicted(e.enterpriseNumber, proposal.partnerNumbers))
        .sort((a, b) => load.get(a.evaluatorId)! - load.get(b.evaluatorId)! || (a.evaluatorId < b.evaluatorId ? -1 : 1))[0];
      if (!choice) break;
      assignments.push({ applicationId: proposal.applicationId, evaluatorId: choice.evaluatorId });
      taken.add(choice.evaluatorId);
      load.set(choice.evaluatorId, load.get(choice.evaluatorId)! + 1);
      needed--;
    }
    if (needed > 0) shortfalls.push({ applicationId: proposal.applicationId, missing: needed });
  }
  return { assignments, shortfalls };
}
