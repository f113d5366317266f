import { Badge, Button, Group, NumberInput, Stack, Table, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/ErrorSummary';
import { QueryState } from '../../../components/QueryState';
import { isProblem } from '../../../lib/api/problem';
import { useAutoAssign, useCallAssignments, useRoundApplications } from '../api/round';
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
