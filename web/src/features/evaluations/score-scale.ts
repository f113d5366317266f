/**
 * The scores a criterion allows: 0 to its maximum in its step (default 0–5 in half points).
 * Computed in whole hundredths so 0,1-steps never drift (0.1 + 0.2 ≠ 0.3 in floating point).
 */
export function scaleValues(scaleMax: number, step: number): number[] {
  const max = Math.round(scaleMax * 100);
  const by = Math.round(step * 100);
  if (by <= 0 || max < 0) return [];
  const out: number[] = [];
  for (let v = 0; v <= max; v += by) out.push(v / 100);
  return out;
}

export { formatScoreValue } from '../../lib/format';

export type AssignmentStep = 'declare' | 'score' | 'submitted' | 'conflict';

/** What the evaluator has to do next for an assignment. */
export function stepOf(status: 'ASSIGNED' | 'DECLARED' | 'CONFLICT' | 'SUBMITTED'): AssignmentStep {
  switch (status) {
    case 'ASSIGNED':
      return 'declare';
    case 'DECLARED':
      return 'score';
    case 'SUBMITTED':
      return 'submitted';
    case 'CONFLICT':
      return 'conflict';
  }
}
