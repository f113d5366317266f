import { Anchor, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { api, unwrap } from '../../../lib/api/client';
import { formatInstant } from '../../../lib/format';

/** The calls whose round a programme manager runs: closed for proposals, in evaluation or decided. */
export function RoundsPage() {
  const { t } = useTranslation('evaluations');
  const calls = useQuery({ queryKey: ['calls', 'rounds'], queryFn: () => unwrap(api.GET('/calls', { params: { query: { pageSize: 100 } } })) });
  return (
    <section>
      <PageTitle>{t('round.all')}</PageTitle>
      <QueryState query={calls}>
        {(page) => {
          const rounds = page.items.filter((c) => ['CLOSED', 'EVALUATION', 'DECIDED'].includes(c.status));
          return rounds.length === 0 ? (
            <Text>{t('round.none')}</Text>
          ) : (
            <Table withTableBorder striped>
              <caption>{t('round.caption', { count: rounds.length })}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('round.call')}</Table.Th>
                  <Table.Th scope="col">{t('round.status')}</Table.Th>
                  <Table.Th scope="col">{t('round.closesAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rounds.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Th scope="row">
                      <Anchor component={Link} to={`/evaluaties/${c.id}`}>
                        {c.code} – {c.title}
                      </Anchor>
                    </Table.Th>
                    <Table.Td>{t(`round.callStatus.${c.status}`)}</Table.Td>
                    <Table.Td>{formatInstant(c.closesAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          );
        }}
      </QueryState>
    </section>
  );
}
