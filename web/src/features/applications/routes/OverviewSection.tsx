import { Anchor, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { useBudget, useBudgetSummary } from '../api/applications';
import { ProposalPreview } from '../components/ProposalPreview';
import { useProposal } from '../components/proposal-context';
import { WithdrawButton } from '../components/WithdrawButton';

/** Section 5: the whole proposal on one page with every finding, before going to submit. */
export function OverviewSection() {
  const { t } = useTranslation('applications');
  const { application, call, editable } = useProposal();
  const budget = useBudget(application.id);
  const summary = useBudgetSummary(application.id);
  return (
    <section>
      <PageTitle>{t('sections.overview')}</PageTitle>
      <Text mb="md" maw={760}>
        {t('overview.intro')}
      </Text>
      <QueryState query={budget}>
        {(b) => <QueryState query={summary}>{(s) => <ProposalPreview application={application} budget={b} summary={s} call={call} />}</QueryState>}
      </QueryState>
      {editable && (
        <Group mt="lg">
          <Button component={Link} to={`/aanvragen/${application.id}/indienen`}>
            {t('overview.toSubmit')}
          </Button>
          {call.status === 'OPEN' && <WithdrawButton id={application.id} />}
        </Group>
      )}
      {!editable && (
        <Anchor component={Link} to={`/aanvragen/${application.id}/ontvangstbewijs`} mt="lg" display="block">
          {t('layout.toReceipt')}
        </Anchor>
      )}
    </section>
  );
}
