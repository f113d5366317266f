import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/PageTitle';
import { useSession } from '../../auth/api/session';

/** "Mijn taken": what the signed-in user has to do next, per role. */
export function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const session = useSession();
  return (
    <section>
      <PageTitle>{t('title')}</PageTitle>
      <Text>{t('welcome', { name: session.data?.user.fullName ?? '' })}</Text>
    </section>
  );
}
