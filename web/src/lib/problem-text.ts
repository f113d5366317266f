import type { TFunction } from 'i18next';
import type { ApiProblem, FieldProblem } from './api/problem';

/**
 * A problem in the reader's language: the code's text when we have one (`errors:codes.*`),
 * else the service's own detail (English), so nothing is ever shown empty.
 */
export function problemText(t: TFunction, problem: ApiProblem): string {
  return t(`errors:codes.${problem.code}`, { defaultValue: '' }) || t(`errors:codes.HTTP_${problem.status}`, { defaultValue: '' }) || problem.detail || t('errors:fallback', { code: problem.code });
}

/** A field's problem in the reader's language, by its rule code, else the service's message. */
export function fieldText(t: TFunction, error: FieldProblem): string {
  return t(`errors:fields.${error.code}`, { defaultValue: '' }) || error.message;
}
