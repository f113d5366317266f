import { Group, NativeSelect, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { QUEUE_PAGE_SIZE, usePayments, type Payment, type Province } from '../api/finance';
import { CallFilter, Pager, ProvinceFilter, useFilter, usePageParam } from '../components/Filters';
import { FinanceNav } from '../components/FinanceNav';
import { PaymentsTable } from '../components/PaymentsTable';

/** Payments across grants: planned first, the earliest due first; mark paid from here too. */
export function PaymentsPage() {
  const { t } = useTranslation('finance');
  const [status, setStatus] = useFilter<Payment['status']>('status');
  const [kind, setKind] = useFilter<Payment['kind']>('soort');
  const [callId, setCallId] = useFilter<string>('oproep');
  const [province, setProvince] = useFilter<Province>('provincie');
  const [page, setPage] = usePageParam();
  const query = usePayments({ status, kind, callId, province, page });
  return (
    <section>
      <PageTitle>{t('payments.title')}</PageTitle>
      <FinanceNav />
      <Group align="flex-end" mb="md" role="search" aria-label={t('filters.label')}>
        <NativeSelect
          label={t('filters.status')}
          value={status ?? ''}
          onChange={(e) => setStatus((e.currentTarget.value || undefined) as Payment['status'] | undefined)}
          data={[{ value: '', label: t('filters.all') }, ...(['PLANNED', 'PAID', 'CANCELLED'] as const).map((s) => ({ value: s, label: t(`paymentStatuses.${s}`) }))]}
        />
        <NativeSelect
          label={t('filters.kind')}
          value={kind ?? ''}
          onChange={(e) => setKind((e.currentTarget.value || undefined) as Payment['kind'] | undefined)}
          data={[{ value: '', label: t('filters.all') }, ...(['ADVANCE', 'INTERIM', 'BALANCE'] as const).map((k) => ({ value: k, label: t(`kinds.${k}`) }))]}
        />
        <CallFilter value={callId} onChange={setCallId} />
        <ProvinceFilter value={province} onChange={setProvince} />
      </Group>
      <QueryState query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <Text role="status">{t('payments.empty')}</Text>
          ) : (
            <>
              <PaymentsTable payments={data.items} caption={t('payments.captionAll', { count: data.total })} withGrant />
              <Pager page={page} shownPage={data.page} pageSize={QUEUE_PAGE_SIZE} total={data.total} onPage={setPage} />
            </>
          )
        }
      </QueryState>
    </section>
  );
}
