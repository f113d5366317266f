import { Anchor, Tabs, Text } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { PageLoader, QueryState } from '../../../components/QueryState';
import { formatInstant } from '../../../lib/format';
import { useCall } from '../api/assignments';
import { AdmissibilityPanel } from '../components/AdmissibilityPanel';
import { AssignmentsPanel } from '../components/AssignmentsPanel';
import { ConsensusPanel } from '../components/ConsensusPanel';
import { RankingPanel } from '../components/RankingPanel';

// The charting library is most of this page's script: only the overview tab loads it.
const DashboardPanel = lazy(async () => ({ default: (await import('../components/DashboardPanel')).DashboardPanel }));

const TABS = ['overzicht', 'ontvankelijkheid', 'toewijzing', 'consensus', 'rangschikking'] as const;
type Tab = (typeof TABS)[number];

/** A call's evaluation round for the programme manager, step by step; the step is in the URL (`?stap=`). */
export function RoundPage() {
  const { t } = useTranslation('evaluations');
  const { callId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const call = useCall(callId);
  const tab: Tab = (TABS as readonly string[]).includes(params.get('stap') ?? '') ? (params.get('stap') as Tab) : 'overzicht';
  return (
    <QueryState query={call}>
      {(c) => (
        <section>
          <Anchor component={Link} to="/evaluaties">
            ← {t('round.all')}
          </Anchor>
          <PageTitle>{t('round.title', { code: c.code, title: c.title })}</PageTitle>
          <Text mb="md">{t('round.closed', { at: formatInstant(c.closesAt) })}</Text>
          <Tabs value={tab} onChange={(v) => setParams({ stap: v ?? 'ontvankelijkheid' })} keepMounted={false}>
            <Tabs.List aria-label={t('round.steps')}>
              {TABS.map((x) => (
                <Tabs.Tab key={x} value={x}>
                  {t(`round.tabs.${x}`)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value="overzicht" pt="md">
              <Suspense fallback={<PageLoader />}>
                <DashboardPanel callId={callId} envelope={c.envelope} capPerProject={c.capPerProject} provinceQuota={c.rules.provinceQuota} />
              </Suspense>
            </Tabs.Panel>
            <Tabs.Panel value="ontvankelijkheid" pt="md">
              <AdmissibilityPanel callId={callId} />
            </Tabs.Panel>
            <Tabs.Panel value="toewijzing" pt="md">
              <AssignmentsPanel callId={callId} />
            </Tabs.Panel>
            <Tabs.Panel value="consensus" pt="md">
              <ConsensusPanel callId={callId} criteria={c.rules.evaluation.criteria} />
            </Tabs.Panel>
            <Tabs.Panel value="rangschikking" pt="md">
              <RankingPanel callId={callId} envelope={c.envelope} provinceQuota={c.rules.provinceQuota} criteria={c.rules.evaluation.criteria} preselection={c.outcome === 'PRESELECTION'} />
            </Tabs.Panel>
          </Tabs>
        </section>
      )}
    </QueryState>
  );
}
