import { Anchor, Badge, Pagination, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { formatInstant } from '../../../lib/format';
import { MY_ASSIGNMENTS_PAGE_SIZE, useMyAssignments } from '../api/assignments';
import { stepOf } from '../score-scale';

const STEP_COLOR = { declare: 'red.9', score: 'efro.7', submitted: 'teal.9', conflict: 'gray.7' } as const;

/** The evaluator's assignments with what each needs next: declare, score, or nothing (submitted). */
export function MyAssignmentsPage() {
  const { t } = useTranslation('evaluations');
  const [page, setPage] = useState(1);
  const query = useMyAssignments(page);
  return (
    <section>
      <PageTitle>{t('mine.title')}</PageTitle>
      <QueryState query={query}>
        {({ items: assignments, total, page: shown }) =>
          assignments.length === 0 ? (
            <Text>{t('mine.empty')}</Text>
          ) : (
            <>
            <Table striped withTableBorder aria-busy={query.isPlaceholderData}>
              <caption>{t('mine.caption', { count: total })}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('mine.proposal')}</Table.Th>
                  <Table.Th scope="col">{t('mine.state')}</Table.Th>
                  <Table.Th scope="col">{t('mine.since')}</Table.Th>
                  <Table.Th scope="col">{t('mine.action')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {assignments.map((a, index) => {
                  const step = stepOf(a.status);
                  const name = a.proposal ? `${a.proposal.acronym} – ${a.proposal.title}` : t('mine.hidden', { n: (shown - 1) * MY_ASSIGNMENTS_PAGE_SIZE + index + 1 });
                  return (
                    <Table.Tr key={a.id}>
                      <Table.Td>{name}</Table.Td>
                      <Table.Td>
                        <Badge variant="outline" color={STEP_COLOR[step]}>
                          {t(`steps.${step}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{a.submittedAt ? formatInstant(a.submittedAt) : a.declaredAt ? formatInstant(a.declaredAt) : '–'}</Table.Td>
                      <Table.Td>
                        {step !== 'conflict' && (
                          <Anchor component={Link} to={`/beoordelingen/${a.id}`} aria-label={`${t(`actions.${step}`)}: ${name}`}>
                            {t(`actions.${step}`)}
                          </Anchor>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            {total > MY_ASSIGNMENTS_PAGE_SIZE && (
              <Pagination
                mt="sm"
                total={Math.ceil(total / MY_ASSIGNMENTS_PAGE_SIZE)}
                value={shown}
                onChange={setPage}
                disabled={query.isPlaceholderData}
                getControlProps={(p) => ({ 'aria-label': t('mine.page', { page: p }) })}
              />
            )}
            </>
          )
        }
      </QueryState>
    </section>
  );
}
