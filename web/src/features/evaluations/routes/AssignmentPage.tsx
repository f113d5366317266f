import { Alert, Anchor, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { PageLoader, QueryState } from '../../../components/QueryState';
import { NotFoundPage } from '../../../components/StatusPages';
import { useAssignedProposal, useCall, useMyAssignment, useScores } from '../api/assignments';
import { DeclarationForm } from '../components/DeclarationForm';
import { ProposalView } from '../components/ProposalView';
import { ScoreForm } from '../components/ScoreForm';

/**
 * One assignment. Until the declaration is made, only the declaration shows: the proposal is
 * neither fetched nor shown (and the service refuses it), also when the URL is typed directly.
 */
export function AssignmentPage() {
  const { t } = useTranslation('evaluations');
  const { assignmentId = '' } = useParams();
  const assignment = useMyAssignment(assignmentId);
  const a = assignment.data;
  const declared = a?.status === 'DECLARED' || a?.status === 'SUBMITTED';
  const proposal = useAssignedProposal(assignmentId, declared);
  const scores = useScores(assignmentId, declared);
  const call = useCall(a?.callId);

  if (assignment.isPending) return <PageLoader />;
  if (assignment.missing || !a) return <NotFoundPage />;
  const back = (
    <Anchor component={Link} to="/beoordelingen">
      ← {t('mine.title')}
    </Anchor>
  );

  if (a.status === 'CONFLICT') {
    return (
      <section>
        {back}
        <PageTitle>{t('assignment.conflictTitle')}</PageTitle>
        <Text>{t('assignment.conflictBody')}</Text>
      </section>
    );
  }
  if (a.status === 'ASSIGNED') {
    return (
      <section>
        {back}
        <PageTitle>{t('declaration.title')}</PageTitle>
        <DeclarationForm assignmentId={a.id} />
      </section>
    );
  }
  return (
    <section>
      {back}
      <PageTitle>{a.proposal ? `${a.proposal.acronym} – ${a.proposal.title}` : t('assignment.title')}</PageTitle>
      <Tabs defaultValue="proposal" keepMounted={false}>
        <Tabs.List aria-label={t('assignment.tabs')}>
          <Tabs.Tab value="proposal">{t('assignment.proposalTab')}</Tabs.Tab>
          <Tabs.Tab value="scores">{a.status === 'SUBMITTED' ? t('assignment.scoresTabDone') : t('assignment.scoresTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="proposal" pt="md">
          <QueryState query={proposal}>{(snapshot) => <ProposalView snapshot={snapshot} />}</QueryState>
        </Tabs.Panel>
        <Tabs.Panel value="scores" pt="md">
          <Stack>
            <Title order={2} size="h3">
              {t('scores.title')}
            </Title>
            {call.isError && <Alert color="red">{t('assignment.callMissing')}</Alert>}
            <QueryState query={scores}>
              {(sheet) => (call.data ? <ScoreForm assignmentId={a.id} criteria={call.data.rules.evaluation.criteria} sheet={sheet} /> : <PageLoader />)}
            </QueryState>
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </section>
  );
}
