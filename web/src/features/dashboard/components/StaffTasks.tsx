import { Anchor, List, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatEuro } from '../../../lib/format';
import { useApplications, useFinanceCounts, useGrants, useMyAssignmentCounts } from '../api/dashboard';
import { ListSection } from './ListTable';

function Block({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="xs">
        {title}
      </Title>
      {children}
    </section>
  );
}

/** Programme managers (and admins): the calls and what waits for screening. */
export function ManagerTasks() {
  const { t } = useTranslation('dashboard');
  const submitted = useApplications('SUBMITTED');
  return (
    <Block id="beheer" title={t('manager.title')}>
      <List>
        <List.Item>
          <Anchor component={Link} to="/oproepen">
            {t('manager.calls')}
          </Anchor>
        </List.Item>
        <List.Item>{submitted.data ? t('manager.toScreen', { count: submitted.data.total }) : t('common:loading')}</List.Item>
      </List>
    </Block>
  );
}

/** Evaluators: how many assignments wait for a declaration or scores. */
export function EvaluatorTasks() {
  const { t } = useTranslation('dashboard');
  const counts = useMyAssignmentCounts();
  return (
    <Block id="beoordelingen" title={t('evaluator.title')}>
      {counts ? (
        <List>
          <List.Item>{t('evaluator.open', { count: counts.assigned + counts.declared })}</List.Item>
          <List.Item>{t('evaluator.done', { count: counts.submitted })}</List.Item>
        </List>
      ) : (
        <Text>{t('common:loading')}</Text>
      )}
    </Block>
  );
}

/** Finance: the grants with what is paid and still open. */
export function FinanceTasks() {
  const { t } = useTranslation('dashboard');
  const grants = useGrants();
  const counts = useFinanceCounts();
  return (
    <>
      <Block id="financien-taken" title={t('finance.desk')}>
        <List>
          <List.Item>
            <Anchor component={Link} to="/financien">
              {counts.waiting === undefined ? t('common:loading') : t('finance.waiting', { count: counts.waiting })}
            </Anchor>
          </List.Item>
          <List.Item>
            <Anchor component={Link} to="/financien/betalingen?status=PLANNED">
              {counts.planned === undefined ? t('common:loading') : t('finance.planned', { count: counts.planned })}
            </Anchor>
          </List.Item>
        </List>
      </Block>
      <ListSection
      id="financien"
      title={t('finance.title')}
      empty={t('finance.empty')}
      caption={t('finance.caption')}
      columns={[{ label: t('columns.grant') }, { label: t('columns.amount'), align: 'right' }, { label: t('columns.paid'), align: 'right' }, { label: t('columns.open'), align: 'right' }]}
      rows={(grants.data?.items ?? []).map((g) => ({
        key: g.id,
        cells: [`${g.grantNumber} · ${g.acronym}`, formatEuro(g.amount), formatEuro(g.ledger.paid), formatEuro(g.ledger.open)],
      }))}
      />
    </>
  );
}

/**
 * Auditors read every record and change none: the way in to the grants and to each submitted
 * proposal's receipt (the frozen proposal, its hash and its audit trail).
 */
export function AuditorTasks() {
  const { t } = useTranslation('dashboard');
  const proposals = useApplications();
  const submitted = (proposals.data?.items ?? []).filter((a) => a.submittedAt);
  return (
    <>
      <Block id="audit" title={t('auditor.title')}>
        <List>
          <List.Item>
            <Anchor component={Link} to="/subsidies">
              {t('auditor.grants')}
            </Anchor>
          </List.Item>
          <List.Item>
            <Anchor component={Link} to="/oproepen">
              {t('auditor.calls')}
            </Anchor>
          </List.Item>
        </List>
      </Block>
      <ListSection
        id="audit-voorstellen"
        title={t('auditor.proposals')}
        empty={t('auditor.empty')}
        caption={t('auditor.caption')}
        columns={[{ label: t('columns.proposal') }, { label: t('columns.status') }, { label: t('columns.receipt') }]}
        rows={submitted.map((a) => ({
          key: a.id,
          cells: [
            `${a.acronym} – ${a.title}`,
            t(`status.${a.status}`),
            <Anchor component={Link} to={`/aanvragen/${a.id}/ontvangstbewijs`}>
              {t('submitted.receipt', { acronym: a.acronym })}
            </Anchor>,
          ],
        }))}
      />
    </>
  );
}
