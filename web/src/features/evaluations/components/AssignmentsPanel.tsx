import { Badge, Button, Fieldset, Group, NativeSelect, NumberInput, Stack, Table, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/ErrorSummary';
import { QueryState } from '../../../components/QueryState';
import { isProblem } from '../../../lib/api/problem';
import { useAutoAssign, useCallAssignments, useEvaluatorOptions, useManualAssign, useRoundApplications, type Application } from '../api/round';
import { stepOf } from '../score-scale';

/**
 * Automatic assignment (conflicts excluded by the service, load spread evenly), shown per
 * proposal for review with each evaluator's state and declared conflicts.
 */
export function AssignmentsPanel({ callId }: { callId: string }) {
  const { t } = useTranslation('evaluations');
  const assignments = useCallAssignments(callId);
  const applications = useRoundApplications(callId);
  const auto = useAutoAssign(callId);
  const [perProposal, setPerProposal] = useState<number | string>(3);
  const problem = isProblem(auto.error) ? auto.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    auto.mutate(Number(perProposal));
  };

  return (
    <Stack>
      <form onSubmit={submit} noValidate>
        <ErrorSummary problem={problem} />
        <Group align="flex-end">
          <NumberInput label={t('assignments.perProposal')} min={1} max={10} value={perProposal} onChange={setPerProposal} w={260} />
          <Button type="submit" loading={auto.isPending}>
            {t('assignments.auto')}
          </Button>
        </Group>
        <Text size="sm" mt={4}>
          {t('assignments.autoHint')}
        </Text>
      </form>
      {auto.data && auto.data.shortfalls.length > 0 && (
        <Text c="red.9" role="status">
          {t('assignments.shortfalls', { count: auto.data.shortfalls.length })}
        </Text>
      )}
      <QueryState query={applications}>{(apps) => <ManualAssignment callId={callId} proposals={apps.filter((a) => a.status === 'ADMISSIBLE')} />}</QueryState>
      <QueryState query={assignments}>
        {(list) => (
          <QueryState query={applications}>
            {(apps) => {
              const admissible = apps.filter((a) => list.some((x) => x.applicationId === a.id) || a.status === 'ADMISSIBLE');
              return (
                <Table withTableBorder striped>
                  <caption>{t('assignments.caption', { count: list.length })}</caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('mine.proposal')}</Table.Th>
                      <Table.Th scope="col">{t('assignments.evaluators')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {admissible.map((a) => {
                      const mine = list.filter((x) => x.applicationId === a.id);
                      return (
                        <Table.Tr key={a.id}>
                          <Table.Th scope="row">
                            {a.acronym} – {a.title}
                          </Table.Th>
                          <Table.Td>
                            {mine.length === 0 ? (
                              <Text size="sm">{t('assignments.none')}</Text>
                            ) : (
                              <Stack gap={4}>
                                {mine.map((x) => (
                                  <Group key={x.id} gap="xs">
                                    <span>{x.evaluatorName ?? x.evaluatorId}</span>
                                    <Badge variant="outline" color={x.status === 'CONFLICT' ? 'red.9' : 'gray.7'}>
                                      {t(`steps.${stepOf(x.status)}`)}
                                    </Badge>
                                    {x.conflictReason && <Text size="sm">({x.conflictReason})</Text>}
                                  </Group>
                                ))}
                              </Stack>
                            )}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              );
            }}
          </QueryState>
        )}
      </QueryState>
    </Stack>
  );
}

/**
 * Adjusting by hand: one evaluator to one proposal. Each evaluator's load and conflicts are shown,
 * and a conflicted or already assigned pair cannot be chosen (the service refuses it too).
 */
function ManualAssignment({ callId, proposals }: { callId: string; proposals: Application[] }) {
  const { t } = useTranslation('evaluations');
  const options = useEvaluatorOptions(callId);
  const assign = useManualAssign(callId);
  const [applicationId, setApplicationId] = useState('');
  const [evaluatorId, setEvaluatorId] = useState('');
  const problem = isProblem(assign.error) ? assign.error : null;
  const name = (id: string) => {
    const p = proposals.find((x) => x.id === id);
    return p ? p.acronym : id.slice(0, 8);
  };
  return (
    <QueryState query={options}>
      {(evaluators) => (
        <Fieldset legend={t('assignments.manual')}>
          <Table withTableBorder mb="sm">
            <caption>{t('assignments.poolCaption', { count: evaluators.length })}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('assignments.evaluator')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('assignments.load')}
                </Table.Th>
                <Table.Th scope="col">{t('assignments.conflicts')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {evaluators.map((e) => (
                <Table.Tr key={e.evaluatorId}>
                  <Table.Th scope="row">{e.name}</Table.Th>
                  <Table.Td style={{ textAlign: 'right' }}>{e.load}</Table.Td>
                  <Table.Td>{e.conflictsWith.length ? e.conflictsWith.map(name).sort().join(', ') : t('assignments.noConflicts')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (applicationId && evaluatorId) assign.mutate({ applicationId, evaluatorId }, { onSuccess: () => setEvaluatorId('') });
            }}
            noValidate
          >
            <ErrorSummary problem={problem} />
            <Group align="flex-end">
              <NativeSelect
                label={t('assignments.proposal')}
                value={applicationId}
                onChange={(e) => setApplicationId(e.currentTarget.value)}
                data={[{ value: '', label: t('consensus.chooseOne') }, ...proposals.map((p) => ({ value: p.id, label: `${p.acronym} – ${p.title}` }))]}
              />
              <NativeSelect
                label={t('assignments.evaluator')}
                value={evaluatorId}
                onChange={(e) => setEvaluatorId(e.currentTarget.value)}
                data={[
                  { value: '', label: t('assignments.chooseEvaluator') },
                  ...evaluators.map((e) => {
                    const conflict = e.conflictsWith.includes(applicationId);
                    const taken = e.assignedTo.includes(applicationId);
                    return { value: e.evaluatorId, label: `${e.name}${conflict ? ` (${t('assignments.conflict')})` : taken ? ` (${t('assignments.taken')})` : ''}`, disabled: conflict || taken };
                  }),
                ]}
              />
              <Button type="submit" disabled={!applicationId || !evaluatorId} loading={assign.isPending}>
                {t('assignments.assign')}
              </Button>
            </Group>
            <Text size="sm" aria-live="polite" mt={4}>
              {assign.isSuccess ? t('assignments.assigned') : ''}
            </Text>
          </form>
        </Fieldset>
      )}
    </QueryState>
  );
}
