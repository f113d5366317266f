import { Anchor, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { PageLoader, QueryState } from '../../../components/QueryState';
import { NotFoundPage } from '../../../components/StatusPages';
import { formatDateShort } from '../../../lib/format';
import { useCall, useGrant, usePeriods, type Call, type Grant, type Period } from '../api/grants';

export interface PeriodContext {
  grant: Grant;
  period: Period;
  call: Call;
}

/**
 * A period's page: the grant, the period and the call's rules loaded first (a grant the user may
 * not see is "not found", and nothing else is fetched), then the heading and the page's body.
 */
export function PeriodFrame({ title, children }: { title: (period: Period) => string; children: (context: PeriodContext) => ReactNode }) {
  const { id = '', number = '' } = useParams();
  const { t } = useTranslation('grants');
  const grant = useGrant(id);
  const periods = usePeriods(id, grant.isSuccess);
  const call = useCall(grant.data?.callId);
  return (
    <QueryState query={grant}>
      {(g) => {
        if (periods.isPending || call.isPending) return <PageLoader />;
        const period = periods.data?.find((p) => String(p.number) === number);
        if (periods.isSuccess && !period) return <NotFoundPage />;
        return (
          <QueryState query={call}>
            {(c) =>
              period ? (
                <section>
                  <Anchor component={Link} to={`/subsidies/${g.id}`}>
                    ← {t('grant.title', { acronym: g.acronym, title: g.title })}
                  </Anchor>
                  <PageTitle>{title(period)}</PageTitle>
                  <Text mb="md">
                    {t('period.intro', { grant: g.grantNumber, start: formatDateShort(period.startDate), end: formatDateShort(period.endDate), due: formatDateShort(period.dueDate) })}
                  </Text>
                  {children({ grant: g, period, call: c })}
                </section>
              ) : (
                <PageLoader />
              )
            }
          </QueryState>
        );
      }}
    </QueryState>
  );
}
