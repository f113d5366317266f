import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/PageTitle';
import { hasRole, useSession } from '../../auth/api/session';
import { ApplicantTasks } from '../components/ApplicantTasks';
import { AuditorTasks, EvaluatorTasks, FinanceTasks, ManagerTasks } from '../components/StaffTasks';

/**
 * "Mijn taken": what the signed-in user has to do next, per role. Each block asks only what
 * the API lets that role read, so no block shows (or fetches) what would be refused.
 */
export function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const session = useSession();
  const s = session.data;
  return (
    <section>
      <PageTitle>{t('title')}</PageTitle>
      <Text mb="lg">{t('welcome', { name: s?.user.fullName ?? '' })}</Text>
      <Stack gap="xl">
        {hasRole(s, 'APPLICANT') && <ApplicantTasks />}
        {hasRole(s, 'PROGRAMME_MANAGER', 'ADMIN') && <ManagerTasks />}
        {hasRole(s, 'EVALUATOR') && <EvaluatorTasks />}
        {hasRole(s, 'FINANCE_OFFICER') && <FinanceTasks />}
        {hasRole(s, 'AUDITOR') && <AuditorTasks />}
      </Stack>
    </section>
  );
}
