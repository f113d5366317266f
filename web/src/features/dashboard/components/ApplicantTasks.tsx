import { Anchor, Badge, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageLoader } from '../../../components/QueryState';
import { BrusselsInstant, TimeLeft } from '../../../components/TimeLeft';
import { formatDateShort, formatEuro } from '../../../lib/format';
import {
  DRAFT_STATUSES,
  nextReportDue,
  RESULT_STATUSES,
  SUBMITTED_STATUSES,
  useApplications,
  useCallsById,
  useGrantPeriods,
  useGrants,
  useOpenCalls,
  type Application,
} from '../api/dashboard';
import { ListSection } from './ListTable';

// Light fills with dark text (autoContrast): the light variant's green on green misses 4.5:1.
const RESULT_COLOURS: Record<string, string> = { AWARDED: 'green.2', RESERVE: 'yellow.2', REJECTED: 'red.2' };

/** An applicant's tasks, after Hypha's applicant dashboard: open calls, drafts, submissions, results, grants. */
export function ApplicantTasks() {
  const { t } = useTranslation('dashboard');
  const openCalls = useOpenCalls();
  const applications = useApplications();
  const grants = useGrants();
  const mine = applications.data?.items ?? [];
  const callsById = useCallsById(mine.map((a) => a.callId));
  const grantList = grants.data?.items ?? [];
  const periods = useGrantPeriods(grantList.map((g) => g.id));

  if (openCalls.isPending || applications.isPending || grants.isPending) return <PageLoader />;
  const callTitle = (a: Application) => callsById.get(a.callId)?.title ?? '';
  const of = (statuses: readonly string[]) => mine.filter((a) => statuses.includes(a.status));
  const proposalLink = (a: Application, to = `/aanvragen/${a.id}`) => (
    <Anchor component={Link} to={to}>
      {a.acronym} – {a.title}
    </Anchor>
  );

  return (
    <Stack gap="xl">
      <ListSection
        id="open-oproepen"
        title={t('openCalls.title')}
        empty={t('openCalls.empty')}
        caption={t('openCalls.caption')}
        columns={[{ label: t('columns.call') }, { label: t('columns.closes') }, { label: t('columns.timeLeft') }]}
        rows={(openCalls.data?.items ?? []).map((call) => ({
          key: call.id,
          cells: [
            <Anchor component={Link} to={`/oproepen/${call.id}`}>
              {call.title}
            </Anchor>,
            <BrusselsInstant at={call.closesAt} />,
            <TimeLeft until={call.closesAt} />,
          ],
        }))}
      />
      <ListSection
        id="ontwerpen"
        title={t('drafts.title')}
        empty={t('drafts.empty')}
        caption={t('drafts.caption')}
        columns={[{ label: t('columns.proposal') }, { label: t('columns.call') }, { label: t('columns.callCloses') }]}
        rows={of(DRAFT_STATUSES).map((a) => {
          const call = callsById.get(a.callId);
          return {
            key: a.id,
            cells: [
              proposalLink(a),
              callTitle(a),
              call ? (
                <>
                  <BrusselsInstant at={call.closesAt} />
                  <Text size="sm">
                    <TimeLeft until={call.closesAt} />
                  </Text>
                </>
              ) : null,
            ],
          };
        })}
      />
      <ListSection
        id="ingediend"
        title={t('submitted.title')}
        empty={t('submitted.empty')}
        caption={t('submitted.caption')}
        columns={[{ label: t('columns.proposal') }, { label: t('columns.call') }, { label: t('columns.submittedAt') }, { label: t('columns.status') }, { label: t('columns.receipt') }]}
        rows={of(SUBMITTED_STATUSES).map((a) => ({
          key: a.id,
          cells: [
            proposalLink(a),
            callTitle(a),
            a.submittedAt ? <BrusselsInstant at={a.submittedAt} /> : '–',
            t(`status.${a.status}`),
            a.submittedAt ? (
              <Anchor component={Link} to={`/aanvragen/${a.id}/ontvangstbewijs`}>
                {t('submitted.receipt', { acronym: a.acronym })}
              </Anchor>
            ) : (
              '–'
            ),
          ],
        }))}
      />
      <ListSection
        id="resultaten"
        title={t('results.title')}
        empty={t('results.empty')}
        caption={t('results.caption')}
        columns={[{ label: t('columns.proposal') }, { label: t('columns.call') }, { label: t('columns.result') }]}
        rows={of(RESULT_STATUSES).map((a) => ({
          key: a.id,
          cells: [
            proposalLink(a, `/aanvragen/${a.id}/resultaat`),
            callTitle(a),
            <Badge color={RESULT_COLOURS[a.status]} autoContrast>
              {t(`status.${a.status}`)}
            </Badge>,
          ],
        }))}
      />
      <ListSection
        id="subsidies"
        title={t('grants.title')}
        empty={t('grants.empty')}
        caption={t('grants.caption')}
        columns={[{ label: t('columns.grant') }, { label: t('columns.amount'), align: 'right' }, { label: t('columns.period') }, { label: t('columns.nextReport') }]}
        rows={grantList.map((g) => {
          const next = nextReportDue(periods.get(g.id));
          return {
            key: g.id,
            cells: [
              <>
                <Anchor component={Link} to={`/subsidies/${g.id}`}>
                  {g.acronym} – {g.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {g.grantNumber}
                </Text>
              </>,
              formatEuro(g.amount),
              t('grants.term', { start: formatDateShort(g.startDate), end: formatDateShort(g.endDate) }),
              next
                ? t(next.kind === 'FINAL' ? 'grants.finalDue' : 'grants.periodDue', { number: next.number, date: formatDateShort(next.dueDate), status: t(`periodStatus.${next.status}`) })
                : periods.has(g.id) && periods.get(g.id)
                  ? t('grants.allIn')
                  : '…',
            ],
          };
        })}
      />
    </Stack>
  );
}
