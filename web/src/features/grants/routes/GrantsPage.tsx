import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { formatDateShort, formatEuro } from '../../../lib/format';
import { hasRole, useSession } from '../../auth/api/session';
import { useGrantList } from '../api/grants';

/** The grants the user may see (a beneficiary: its own; an auditor: all), each linking to its page. */
export function GrantsPage() {
  const { t } = useTranslation('grants');
  const grants = useGrantList();
  const everyone = !hasRole(useSession().data, 'APPLICANT');
  return (
    <section>
      <PageTitle>{everyone ? t('navAll') : t('list.title')}</PageTitle>
      <QueryState query={grants}>
        {(page) =>
          page.items.length === 0 ? (
            <Text>{t('list.empty')}</Text>
          ) : (
            <Table withTableBorder striped captionSide="top">
              <Table.Caption>{t('list.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('list.grant')}</Table.Th>
                  <Table.Th scope="col">{t('grant.number')}</Table.Th>
                  <Table.Th scope="col">{t('grant.term')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('grant.amount')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('ledger.paid')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((g) => (
                  <Table.Tr key={g.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/subsidies/${g.id}`}>
                        {g.acronym} – {g.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{g.grantNumber}</Table.Td>
                    <Table.Td>{t('grant.termValue', { start: formatDateShort(g.startDate), end: formatDateShort(g.endDate) })}</Table.Td>
                    <Table.Td ta="right">{formatEuro(g.amount)}</Table.Td>
                    <Table.Td ta="right">{formatEuro(g.ledger.paid)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </section>
  );
}
