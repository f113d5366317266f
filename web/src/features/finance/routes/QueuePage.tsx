import { Anchor, Badge, Group, NativeSelect, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { formatEuro, formatInstant } from '../../../lib/format';
import { QUEUE_PAGE_SIZE, useQueue, type Province, type StatementStatus } from '../api/finance';
import { DeadlineBadge } from '../components/DeadlineBadge';
import { CallFilter, Pager, ProvinceFilter, useFilter, usePageParam } from '../components/Filters';
import { FinanceNav } from '../components/FinanceNav';

const STATUSES: StatementStatus[] = ['SUBMITTED', 'IN_REVIEW', 'RETURNED', 'APPROVED'];

/** The queue: submitted cost statements of every grant, the oldest complete claim first. */
export function QueuePage() {
  const { t } = useTranslation('finance');
  const [status, setStatus] = useFilter<StatementStatus>('status');
  const [callId, setCallId] = useFilter<string>('oproep');
  const [province, setProvince] = useFilter<Province>('provincie');
  const [page, setPage] = usePageParam();
  const query = useQueue({ status, callId, province, page });
  return (
    <section>
      <PageTitle>{t('queue.title')}</PageTitle>
      <FinanceNav />
      <Group align="flex-end" mb="md" role="search" aria-label={t('filters.label')}>
        <NativeSelect
          label={t('filters.status')}
          value={status ?? ''}
          onChange={(e) => setStatus((e.currentTarget.value || undefined) as StatementStatus | undefined)}
          data={[{ value: '', label: t('filters.waiting') }, ...STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))]}
        />
        <CallFilter value={callId} onChange={setCallId} />
        <ProvinceFilter value={province} onChange={setProvince} />
      </Group>
      <QueryState query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <Text role="status">{t('queue.empty')}</Text>
          ) : (
            <>
              <Table striped withTableBorder aria-busy={query.isPlaceholderData}>
                <caption>{t('queue.caption', { count: data.total })}</caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('queue.grant')}</Table.Th>
                    <Table.Th scope="col">{t('queue.beneficiary')}</Table.Th>
                    <Table.Th scope="col">{t('queue.province')}</Table.Th>
                    <Table.Th scope="col">{t('queue.period')}</Table.Th>
                    <Table.Th scope="col">{t('queue.submitted')}</Table.Th>
                    <Table.Th scope="col">{t('queue.status')}</Table.Th>
                    <Table.Th scope="col" style={{ textAlign: 'right' }}>
                      {t('queue.declared')}
                    </Table.Th>
                    <Table.Th scope="col">{t('queue.deadline')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((item) => (
                    <Table.Tr key={item.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/financien/kostenstaten/${item.id}`} aria-label={t('queue.open', { grant: item.grantNumber, acronym: item.acronym, period: item.periodNumber })}>
                          {item.grantNumber} · {item.acronym}
                        </Anchor>
                        <Text size="xs">{item.callCode}</Text>
                      </Table.Td>
                      <Table.Td>{item.beneficiaryName}</Table.Td>
                      <Table.Td>{t(`provinces.${item.province}`)}</Table.Td>
                      <Table.Td>{t('queue.periodN', { n: item.periodNumber, lines: item.lines })}</Table.Td>
                      <Table.Td>{item.submittedAt ? formatInstant(item.submittedAt) : '–'}</Table.Td>
                      <Table.Td>
                        <Badge variant="outline">{t(`statuses.${item.status}`)}</Badge>
                      </Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>{formatEuro(item.declaredEligible)}</Table.Td>
                      <Table.Td>{item.paymentDeadline ? <DeadlineBadge deadline={item.paymentDeadline} /> : '–'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Pager page={page} shownPage={data.page} pageSize={QUEUE_PAGE_SIZE} total={data.total} onPage={setPage} />
            </>
          )
        }
      </QueryState>
    </section>
  );
}
