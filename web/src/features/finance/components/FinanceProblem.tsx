import { Alert, List } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../../lib/api/problem';
import { fieldText, problemText } from '../../../lib/problem-text';

/**
 * A refusal of the service in the finance officer's words: this feature's text for the grant
 * codes (above the ceiling, balance before the final report, …), else the shared one, and each
 * reason the service listed. It takes focus, so a keyboard or screen-reader user hears it.
 */
export function FinanceProblem({ problem, title }: { problem: ApiProblem | null | undefined; title?: string }) {
  const { t } = useTranslation('finance');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem) ref.current?.focus();
  }, [problem]);
  if (!problem) return null;
  const text = t(`problems.${problem.code}`, { defaultValue: '' }) || problemText(t, problem);
  return (
    <Alert ref={ref} tabIndex={-1} color="red" variant="light" role="alert" title={title ?? t('problems.title')} mb="md">
      <p style={{ margin: 0 }}>{text}</p>
      {problem.fieldErrors.length > 0 && (
        <List size="sm" mt="xs">
          {problem.fieldErrors.map((e) => (
            <List.Item key={`${e.field}-${e.code}`}>{t(`problems.fields.${e.code}`, { defaultValue: '' }) || fieldText(t, e)}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
