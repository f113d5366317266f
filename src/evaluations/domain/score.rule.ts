import { EvaluationRules } from '../../calls/domain/call-rules';
import { FieldError } from '../../core/errors/domain.error';
import { compileRules, formatHundredths, scoreProblem } from './score-scale';

/** One evaluator's score on one criterion, as entered (individual or consensus). */
export interface ScoreInput {
  criterion: string;
  score: number;
  comment: string;
}

export interface ScoreValidationOptions {
  /**
   * true on submission: every criterion scored and commented. A draft may be partial, but
   * what it holds must already be valid so that nothing invalid is ever stored.
   */
  complete: boolean;
}

export type ScoreErrorCode =
  | 'UNKNOWN_CRITERION'
  | 'DUPLICATE_CRITERION'
  | 'SCORE_INVALID'
  | 'SCORE_OUT_OF_RANGE'
  | 'SCORE_OFF_STEP'
  | 'CRITERION_MISSING'
  | 'COMMENT_REQUIRED';

/**
 * Field errors for a set of scores against the call's criteria (empty when valid). Throws
 * RangeError when the rules themselves are broken: that is a configuration fault, not the
 * evaluator's.
 */
export function validateScores(
  scores: readonly ScoreInput[],
  rules: EvaluationRules,
  options: ScoreValidationOptions,
): FieldError[] {
  const compiled = compileRules(rules);
  const errors: FieldError[] = [];
  const add = (field: string, code: ScoreErrorCode, message: string): void => {
    errors.push({ field, code, message });
  };
  const scored = new Set<string>();

  scores.forEach((entry, i) => {
    const at = `scores[${i}]`;
    const scale = compiled.byCode.get(entry.criterion);
    if (scale === undefined) {
      add(`${at}.criterion`, 'UNKNOWN_CRITERION', `${String(entry.criterion)} is not a criterion of this call`);
      return;
    }
    if (scored.has(entry.criterion)) {
      add(`${at}.criterion`, 'DUPLICATE_CRITERION', `${entry.criterion} is scored more than once`);
    }
    scored.add(entry.criterion);

    const max = formatHundredths(scale.scaleMax);
    const step = formatHundredths(scale.step);
    switch (scoreProblem(entry.score, scale)) {
      case 'SCORE_INVALID':
        add(`${at}.score`, 'SCORE_INVALID', `the score for ${scale.code} must be a number`);
        break;
      case 'SCORE_OUT_OF_RANGE':
        add(`${at}.score`, 'SCORE_OUT_OF_RANGE', `the score for ${scale.code} must be between 0 and ${max}`);
        break;
      case 'SCORE_OFF_STEP':
        add(`${at}.score`, 'SCORE_OFF_STEP', `the score for ${scale.code} must be a multiple of ${step}`);
        break;
      case null:
        break;
    }

    if (options.complete && (typeof entry.comment !== 'string' || entry.comment.trim() === '')) {
      add(`${at}.comment`, 'COMMENT_REQUIRED', `a comment is required for ${scale.code}`);
    }
  });

  if (options.complete) {
    for (const criterion of compiled.criteria) {
      if (!scored.has(criterion.code)) {
        add('scores', 'CRITERION_MISSING', `${criterion.code} (${criterion.title}) is not scored`);
      }
    }
  }
  return errors;
}
