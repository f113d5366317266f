import { EvaluationRules } from '../../calls/domain/call-rules';
import { FieldError } from '../../core/errors/domain.error';

/**
 * Scores, steps, thresholds and weights are handled as whole hundredths of a point, so that
 * sums and comparisons are exact (in floating point 0.1 + 0.2 !== 0.3, and a ranking must
 * never depend on that).
 */
export type Hundredths = number;

/** value × 100 as an integer, or null when the value has more than two decimals. */
export function toHundredths(value: number): Hundredths | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const hundredths = Math.round(value * 100);
  // Round trip: 0.29 × 100 is 28.999… in floating point but is still 29 hundredths, whereas
  // 3.555 does not come back as itself and is refused.
  if (!Number.isSafeInteger(hundredths) || hundredths / 100 !== value) return null;
  return hundredths === 0 ? 0 : hundredths; // no -0
}

/** The number a count of hundredths stands for (closest double, exact for display). */
export function fromHundredths(hundredths: Hundredths): number {
  return hundredths / 100;
}

/** 350 → "3.5", 300 → "3", 325 → "3.25": plain decimals for reasons and notes. */
export function formatHundredths(hundredths: Hundredths): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  const fraction = abs % 100;
  const whole = (abs - fraction) / 100;
  if (fraction === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

/** One criterion with every number in hundredths. */
export interface CriterionScale {
  code: string;
  title: string;
  weight: Hundredths;
  scaleMax: Hundredths;
  step: Hundredths;
  threshold: Hundredths;
}

/** The evaluation rules of a call, checked and converted to hundredths once. */
export interface CompiledRules {
  /** In the call's order. */
  criteria: CriterionScale[];
  byCode: ReadonlyMap<string, CriterionScale>;
  totalThreshold: Hundredths;
  tieBreak: string[];
}

/**
 * Configuration errors in a call's evaluation rules. The calls module can use this when a
 * call is configured; the rules below refuse the same rules by throwing, because scoring under
 * a broken configuration would give rankings nobody can defend.
 */
export function evaluationRulesErrors(rules: EvaluationRules): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, code: string, message: string): void => {
    errors.push({ field, code, message });
  };
  if (rules.criteria.length === 0) add('criteria', 'NO_CRITERIA', 'at least one criterion is required');
  const seen = new Set<string>();
  rules.criteria.forEach((c, i) => {
    const at = `criteria[${i}]`;
    if (typeof c.code !== 'string' || c.code.trim() === '') add(`${at}.code`, 'REQUIRED', 'the code is required');
    else if (seen.has(c.code)) add(`${at}.code`, 'DUPLICATE_CRITERION', `criterion ${c.code} appears more than once`);
    seen.add(c.code);
    const weight = toHundredths(c.weight);
    const scaleMax = toHundredths(c.scaleMax);
    const step = toHundredths(c.step);
    const threshold = toHundredths(c.threshold);
    if (weight === null || weight < 0) add(`${at}.weight`, 'INVALID_WEIGHT', 'the weight must be ≥ 0 with at most two decimals');
    if (scaleMax === null || scaleMax <= 0) add(`${at}.scaleMax`, 'INVALID_SCALE', 'the scale maximum must be > 0 with at most two decimals');
    if (step === null || step <= 0) add(`${at}.step`, 'INVALID_STEP', 'the step must be > 0 with at most two decimals');
    if (threshold === null || threshold < 0) add(`${at}.threshold`, 'INVALID_THRESHOLD', 'the threshold must be ≥ 0 with at most two decimals');
    if (scaleMax !== null && step !== null && step > 0 && scaleMax > 0 && scaleMax % step !== 0) {
      add(`${at}.step`, 'STEP_NOT_DIVIDING_SCALE', `the scale maximum ${c.scaleMax} is not a multiple of the step ${c.step}`);
    }
    if (threshold !== null && scaleMax !== null && threshold > scaleMax) {
      add(`${at}.threshold`, 'THRESHOLD_ABOVE_SCALE', `the threshold ${c.threshold} is above the scale maximum ${c.scaleMax}`);
    }
    // Every score is a multiple of the step, so this keeps every weighted total a whole
    // number of hundredths (weight 1.5 with half points is fine, 1.25 with half points is not).
    if (weight !== null && step !== null && (weight * step) % 100 !== 0) {
      add(`${at}.weight`, 'WEIGHT_NOT_EXACT', `weight ${c.weight} × step ${c.step} must be a whole number of hundredths`);
    }
  });
  const total = toHundredths(rules.totalThreshold);
  if (total === null || total < 0) add('totalThreshold', 'INVALID_THRESHOLD', 'the total threshold must be ≥ 0 with at most two decimals');
  const tieSeen = new Set<string>();
  rules.tieBreak.forEach((code, i) => {
    if (!seen.has(code)) add(`tieBreak[${i}]`, 'UNKNOWN_CRITERION', `tie-break criterion ${code} is not a criterion of the call`);
    else if (tieSeen.has(code)) add(`tieBreak[${i}]`, 'DUPLICATE_CRITERION', `tie-break criterion ${code} appears more than once`);
    tieSeen.add(code);
  });
  return errors;
}

/** Checks the rules and converts them to hundredths; throws RangeError on a broken configuration. */
export function compileRules(rules: EvaluationRules): CompiledRules {
  const errors = evaluationRulesErrors(rules);
  if (errors.length > 0) {
    throw new RangeError(`invalid evaluation rules: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  }
  // Non-null after the checks above.
  const h = (value: number): Hundredths => toHundredths(value) as Hundredths;
  const criteria = rules.criteria.map((c) => ({
    code: c.code,
    title: c.title,
    weight: h(c.weight),
    scaleMax: h(c.scaleMax),
    step: h(c.step),
    threshold: h(c.threshold),
  }));
  return {
    criteria,
    byCode: new Map(criteria.map((c) => [c.code, c])),
    totalThreshold: h(rules.totalThreshold),
    tieBreak: [...rules.tieBreak],
  };
}

export type ScoreProblem = 'SCORE_INVALID' | 'SCORE_OUT_OF_RANGE' | 'SCORE_OFF_STEP';

/** What is wrong with one score on a criterion's scale, or null when it is a valid score. */
export function scoreProblem(score: number, scale: CriterionScale): ScoreProblem | null {
  if (typeof score !== 'number' || !Number.isFinite(score)) return 'SCORE_INVALID';
  if (score < 0 || score > scale.scaleMax / 100) return 'SCORE_OUT_OF_RANGE';
  const hundredths = toHundredths(score);
  if (hundredths === null || hundredths % scale.step !== 0) return 'SCORE_OFF_STEP';
  return null;
}

/** The score in hundredths; throws RangeError when it is not a valid score on the scale. */
export function requireScore(score: number, scale: CriterionScale, context: string): Hundredths {
  const problem = scoreProblem(score, scale);
  if (problem !== null) {
    throw new RangeError(`${context}: score ${String(score)} for ${scale.code} is not valid (${problem})`);
  }
  return toHundredths(score) as Hundredths;
}

/**
 * Σ weight × score in whole hundredths for a set of (consensus) scores; scores of criteria the
 * rules do not know count for nothing. Used where a ranking of all proposals is not needed.
 */
export function weightedTotalHundredths(scores: readonly { criterion: string; score: number }[], rules: EvaluationRules): Hundredths {
  const weights = new Map(rules.criteria.map((c) => [c.code, c.weight]));
  return scores.reduce((total, s) => total + (toHundredths(s.score) ?? 0) * (weights.get(s.criterion) ?? 0), 0);
}
