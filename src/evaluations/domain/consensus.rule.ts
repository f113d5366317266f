import { EvaluationRules } from '../../calls/domain/call-rules';
import { compileRules, fromHundredths, Hundredths, requireScore } from './score-scale';

export interface SubmittedScore {
  criterion: string;
  score: number;
}

/** The proposed starting point of the consensus on one criterion. */
export interface ConsensusStart {
  criterion: string;
  /** Mean of the individual scores rounded down to the step; null when nobody scored it. */
  score: number | null;
  scoreHundredths: Hundredths | null;
  evaluatorCount: number;
  /** Lowest and highest individual score: a wide spread is what the panel should discuss. */
  lowest: number | null;
  highest: number | null;
}

/**
 * Per criterion, in the call's order: the mean of the submitted individual scores, rounded
 * DOWN to the criterion's step. Down, not to nearest, so that the starting point never
 * credits the application with more than the evaluators gave on average; the panel can raise
 * it in the consensus discussion, and the individual scores stay apart, unchanged.
 *
 * `submitted` holds one array per evaluator. The scores were validated on submission, so an
 * unknown criterion, a score off the scale or a criterion scored twice by one evaluator is a
 * programming error here (RangeError).
 */
export function proposeConsensus(
  submitted: readonly (readonly SubmittedScore[])[],
  rules: EvaluationRules,
): ConsensusStart[] {
  const compiled = compileRules(rules);
  const byCriterion = new Map<string, Hundredths[]>(compiled.criteria.map((c) => [c.code, []]));

  submitted.forEach((evaluatorScores, evaluator) => {
    const seen = new Set<string>();
    for (const { criterion, score } of evaluatorScores) {
      const scale = compiled.byCode.get(criterion);
      if (scale === undefined) throw new RangeError(`evaluator ${evaluator}: unknown criterion ${criterion}`);
      if (seen.has(criterion)) throw new RangeError(`evaluator ${evaluator}: ${criterion} scored twice`);
      seen.add(criterion);
      byCriterion.get(criterion)?.push(requireScore(score, scale, `evaluator ${evaluator}`));
    }
  });

  return compiled.criteria.map((scale) => {
    const scores = byCriterion.get(scale.code) ?? [];
    if (scores.length === 0) {
      return { criterion: scale.code, score: null, scoreHundredths: null, evaluatorCount: 0, lowest: null, highest: null };
    }
    const total = scores.reduce((a, b) => a + b, 0);
    // ⌊total ÷ (n × step)⌋ × step, in integers: the mean floored to a multiple of the step.
    const divisor = scores.length * scale.step;
    const meanHundredths = ((total - (total % divisor)) / divisor) * scale.step;
    return {
      criterion: scale.code,
      score: fromHundredths(meanHundredths),
      scoreHundredths: meanHundredths,
      evaluatorCount: scores.length,
      lowest: fromHundredths(Math.min(...scores)),
      highest: fromHundredths(Math.max(...scores)),
    };
  });
}
