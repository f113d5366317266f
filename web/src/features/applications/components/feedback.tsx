import { Alert, Button, Group, List, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/ErrorSummary';
import type { ApiProblem } from '../../../lib/api/problem';
import { formatEuro } from '../../../lib/format';
import { fieldText } from '../../../lib/problem-text';
import type { PlacedFinding } from '../budget/findings';

/** A rule finding or field error in the reader's language: the code's text, else the service's message. */
export function findingText(t: TFunction, finding: PlacedFinding): string {
  // "title is required" (submission): name the field, so the message says what to fill in.
  if (finding.code === 'REQUIRED' && finding.field && ['title', 'acronym', 'summary', 'startDate'].includes(finding.field)) {
    return t('applications:findings.requiredField', { field: t(`applications:project.${finding.field}`) });
  }
  // Figures the finding names (a year, amounts in cents) go into the sentence, amounts as euro.
  const params = Object.fromEntries(Object.entries(finding.params ?? {}).map(([k, v]) => [k, k === 'year' ? String(v) : formatEuro(v)]));
  return t(`applications:findings.${finding.code}`, { defaultValue: '', ...params }) || fieldText(t, { field: finding.field ?? '', code: finding.code, message: finding.message });
}

/** Field messages for an input's `error` prop (undefined when there are none). */
export function messagesAt(t: TFunction, findings: readonly PlacedFinding[]): string | undefined {
  return findings.length ? findings.map((f) => findingText(t, f)).join(' ') : undefined;
}

export const isStale = (problem: ApiProblem | null | undefined) => problem?.status === 412;

/**
 * What a failed save tells the user. A stale version (412) says the proposal was changed
 * elsewhere and offers to reload, which discards the edit only when the user asks; a network
 * failure keeps the edit and offers to try again; other problems get the error summary.
 */
export function SaveProblem({ problem, fields, onReload, onRetry }: { problem: ApiProblem | null; fields?: readonly string[]; onReload: () => void; onRetry?: () => void }) {
  const { t } = useTranslation('applications');
  const ref = useRef<HTMLDivElement>(null);
  const special = problem && (problem.status === 412 || problem.status === 0);
  useEffect(() => {
    if (special) ref.current?.focus();
  }, [problem, special]);
  if (!problem) return null;
  if (problem.status === 412) {
    return (
      <Alert ref={ref} tabIndex={-1} color="red" variant="light" role="alert" title={t('stale.title')} mb="md">
        <Text mb="sm">{t('stale.body')}</Text>
        <Button variant="filled" onClick={onReload}>
          {t('stale.reload')}
        </Button>
      </Alert>
    );
  }
  if (problem.status === 0) {
    return (
      <Alert ref={ref} tabIndex={-1} color="red" variant="light" role="alert" title={t('offline.title')} mb="md">
        <Text mb="sm">{t('offline.body')}</Text>
        {onRetry && (
          <Button variant="light" onClick={onRetry}>
            {t('offline.retry')}
          </Button>
        )}
      </Alert>
    );
  }
  return <ErrorSummary problem={problem} fields={fields} />;
}

/** Findings that belong to no field on this screen, as a list (errors first). */
export function FindingList({ findings, title }: { findings: readonly PlacedFinding[]; title?: string }) {
  const { t } = useTranslation('applications');
  if (!findings.length) return null;
  const sorted = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <Alert color={sorted.some((f) => f.severity !== 'warning') ? 'red' : 'efro'} variant="light" title={title ?? t('findings.title')} mb="md">
      <List size="sm">
        {sorted.map((f, i) => (
          <List.Item key={`${f.code}-${f.field ?? ''}-${i}`}>
            {f.severity === 'warning' ? `${t('findings.warning')}: ` : ''}
            {findingText(t, f)}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** Save button with its status announced politely to screen readers. */
export function SaveBar({ saving, savedAt, button = true, disabled }: { saving: boolean; savedAt: string | null; button?: boolean; disabled?: boolean }) {
  const { t } = useTranslation('applications');
  return (
    <Group gap="md">
      {button && (
        <Button type="submit" loading={saving} disabled={disabled}>
          {t('save')}
        </Button>
      )}
      <Text size="sm" role="status" aria-live="polite">
        {saving ? t('saving') : savedAt ? t('savedAt', { time: savedAt }) : ''}
      </Text>
    </Group>
  );
}
