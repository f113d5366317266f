import { Alert, List } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../lib/api/problem';
import { fieldText, problemText } from '../lib/problem-text';

/** The id of a form field's input, so the error summary can link to it. */
export function fieldId(field: string): string {
  return `field-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * GOV.UK's error summary: at the top of a form after a failed save, it takes focus, says what
 * is wrong and links to each field; each field shows its own message too.
 * `fields` lists the fields the form shows, so errors of other fields are listed without a link.
 */
export function ErrorSummary({ problem, fields }: { problem: ApiProblem | null | undefined; fields?: readonly string[] }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem) ref.current?.focus();
  }, [problem]);
  if (!problem) return null;
  const errors = problem.fieldErrors;
  return (
    <Alert ref={ref} tabIndex={-1} color="red" variant="light" title={t('errorSummaryTitle')} role="alert" mb="md">
      <p style={{ margin: 0 }}>{problemText(t, problem)}</p>
      {errors.length > 0 && (
        <List size="sm" mt="xs">
          {errors.map((error) => (
            <List.Item key={`${error.field}-${error.code}`}>
              {!fields || fields.includes(error.field) ? (
                <a
                  href={`#${fieldId(error.field)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById(fieldId(error.field))?.focus();
                  }}
                >
                  {fieldText(t, error)}
                </a>
              ) : (
                `${error.field}: ${fieldText(t, error)}`
              )}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** A problem without fields, as a message on the page (announced to screen readers). */
export function ProblemAlert({ problem, title }: { problem: ApiProblem | null | undefined; title?: string }) {
  const { t } = useTranslation();
  if (!problem) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={title ?? t('errorSummaryTitle')} mb="md">
      {problemText(t, problem)}
    </Alert>
  );
}
