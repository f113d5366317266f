import { Alert, Button, Checkbox, List, Paper, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { isProblem } from '../../../lib/api/problem';
import { formatInstantLong } from '../../../lib/format';
import { problemText } from '../../../lib/problem-text';
import { newIdempotencyKey, useBudget, useBudgetSummary, useSubmit } from '../api/applications';
import { findingText } from '../components/feedback';
import { ProposalPreview } from '../components/ProposalPreview';
import { useProposal } from '../components/proposal-context';

/**
 * Submission: a read-only preview of exactly what is frozen, a confirmation, then one request
 * with one Idempotency-Key per attempt. A double click or a retry after a dropped answer sends
 * the same key, so the service submits once and replays the same receipt.
 */
export function SubmitPage() {
  const { t } = useTranslation('applications');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const { application, call, editable } = useProposal();
  const budget = useBudget(application.id);
  const summary = useBudgetSummary(application.id);
  const submit = useSubmit(application.id);
  const [confirmed, setConfirmed] = useState(false);
  const [tried, setTried] = useState(false);
  const attemptKey = useRef<string | null>(null);
  const problem = isProblem(submit.error) ? submit.error : null;

  const send = () => {
    setTried(true);
    if (!confirmed || submit.isPending) return;
    // A refused attempt is over: fixing the proposal and trying again is a new attempt.
    attemptKey.current ??= newIdempotencyKey();
    const key = attemptKey.current;
    submit.mutate(key, {
      onSuccess: () => void navigate(`/aanvragen/${application.id}/ontvangstbewijs`),
      onError: (error) => {
        if (!isProblem(error) || error.status !== 0) attemptKey.current = null;
      },
    });
  };

  if (!editable) {
    return (
      <section>
        <PageTitle>{t('submit.title')}</PageTitle>
        <Alert color="efro">{t('submit.notDraft')}</Alert>
      </section>
    );
  }

  const late = problem?.fieldErrors.some((e) => e.code === 'CALL_CLOSED');
  const offline = problem?.status === 0;
  return (
    <section>
      <PageTitle>{t('submit.title')}</PageTitle>
      <Text mb="md" maw={760}>
        {t('submit.intro', { closes: formatInstantLong(call.closesAt) })}
      </Text>
      {problem && (
        <Alert color="red" variant="light" role="alert" title={late ? t('submit.lateTitle') : offline ? t('submit.offlineTitle') : t('submit.refusedTitle')} mb="md">
          <Text mb="xs">{late ? t('submit.late', { closes: formatInstantLong(call.closesAt) }) : offline ? t('submit.offline') : problemText(tc, problem)}</Text>
          {problem.fieldErrors.length > 0 && (
            <List size="sm">
              {problem.fieldErrors
                .filter((e) => e.code !== 'CALL_CLOSED')
                .map((e, i) => (
                  <List.Item key={`${e.field}-${i}`}>{findingText(t, e)}</List.Item>
                ))}
            </List>
          )}
        </Alert>
      )}
      <QueryState query={budget}>
        {(b) => <QueryState query={summary}>{(s) => <ProposalPreview application={application} budget={b} summary={s} call={call} />}</QueryState>}
      </QueryState>
      <Paper withBorder p="md" mt="lg" maw={760}>
        <Stack>
          <Checkbox
            id="confirm-submit"
            label={t('submit.confirm')}
            checked={confirmed}
            onChange={(e) => setConfirmed(e.currentTarget.checked)}
            error={tried && !confirmed ? t('submit.confirmRequired') : undefined}
          />
          <Button onClick={send} loading={submit.isPending} size="md" w="fit-content">
            {t('submit.button')}
          </Button>
        </Stack>
      </Paper>
    </section>
  );
}
