import { Badge, Button, Card, Group, List, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { QueryState } from '../../../components/QueryState';
import { isProblem } from '../../../lib/api/problem';
import { formatEuro, formatInstant } from '../../../lib/format';
import { useBudgetSummary, useDecideAdmissibility, useRoundApplications, type Application } from '../api/round';
import { ClarificationsPanel } from './ClarificationsPanel';

/** The admissibility queue: each submitted proposal with the service's rule findings, decided with a reason. */
export function AdmissibilityPanel({ callId }: { callId: string }) {
  const { t } = useTranslation('evaluations');
  const applications = useRoundApplications(callId);
  return (
    <QueryState query={applications}>
      {(items) => {
        const open = items.filter((a) => a.status === 'SUBMITTED');
        const decided = items.filter((a) => a.status !== 'SUBMITTED');
        return (
          <Stack>
            <Text>{t('admissibility.counts', { open: open.length, decided: decided.length })}</Text>
            {open.map((a) => (
              <AdmissibilityCard key={a.id} callId={callId} application={a} />
            ))}
            {decided.length > 0 && (
              <>
                <Title order={3} size="h4">
                  {t('admissibility.decided')}
                </Title>
                <List>
                  {decided.map((a) => (
                    <List.Item key={a.id}>
                      {a.acronym} – {a.title}: <Badge variant="outline" color={a.status === 'INADMISSIBLE' ? 'red.9' : 'teal.9'}>{t(`status.${a.status}`)}</Badge>
                    </List.Item>
                  ))}
                </List>
              </>
            )}
          </Stack>
        );
      }}
    </QueryState>
  );
}

function AdmissibilityCard({ callId, application: a }: { callId: string; application: Application }) {
  const { t } = useTranslation('evaluations');
  const { t: tc } = useTranslation();
  const summary = useBudgetSummary(a.id);
  const decide = useDecideAdmissibility(callId, a.id);
  const [choice, setChoice] = useState('');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const problem = isProblem(decide.error) ? decide.error : null;
  const prefix = `adm-${a.id}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!choice || !reason.trim()) return;
    decide.mutate({ admissible: choice === 'yes', reason: reason.trim() });
  };

  return (
    <Card withBorder component="article" aria-labelledby={`${prefix}-title`}>
      <Title order={3} size="h4" id={`${prefix}-title`}>
        {a.acronym} – {a.title}
      </Title>
      <Text size="sm">
        {tc(`provinces.${a.province}`)} · {a.submittedAt ? t('admissibility.submittedAt', { at: formatInstant(a.submittedAt) }) : ''}
      </Text>
      <QueryState query={summary}>
        {(s) => (
          <div>
            <Text size="sm" mt="xs">
              {t('admissibility.figures', { eligible: formatEuro(s.totals.eligibleCosts), subsidy: formatEuro(s.subsidy) })}
            </Text>
            {s.findings.length === 0 ? (
              <Text size="sm" c="teal.9">
                {t('admissibility.noFindings')}
              </Text>
            ) : (
              <List size="sm" aria-label={t('admissibility.findings')}>
                {s.findings.map((f, i) => (
                  <List.Item key={`${f.code}-${i}`}>
                    <strong>{f.severity === 'error' ? t('admissibility.error') : t('admissibility.warning')}</strong>: {f.message}
                  </List.Item>
                ))}
              </List>
            )}
          </div>
        )}
      </QueryState>
      <Stack mt="sm">
        <ClarificationsPanel applicationId={a.id} canAsk canAnswer={false} />
      </Stack>
      <form onSubmit={submit} noValidate>
        <ErrorSummary problem={problem} />
        <Stack gap="xs" mt="sm">
          <Radio.Group
            id={fieldId(`${prefix}-admissible`)}
            label={t('admissibility.question')}
            required
            value={choice}
            onChange={setChoice}
            error={tried && !choice ? t('admissibility.chooseOne') : undefined}
          >
            <Group mt={4}>
              <Radio value="yes" label={t('admissibility.admissible')} />
              <Radio value="no" label={t('admissibility.inadmissible')} />
            </Group>
          </Radio.Group>
          <Textarea
            id={fieldId(`${prefix}-reason`)}
            label={t('admissibility.reason')}
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={tried && !reason.trim() ? t('admissibility.reasonRequired') : undefined}
          />
          <Group>
            <Button type="submit" loading={decide.isPending}>
              {t('admissibility.decide')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
