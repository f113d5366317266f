import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from './PageTitle';

/** Missing and not-yours look alike, as in the API (a 404 reveals nothing). */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section>
      <PageTitle>{t('notFound.title')}</PageTitle>
      <Text mb="md">{t('notFound.body')}</Text>
      <Anchor component={Link} to="/mijn-taken">
        {t('notFound.home')}
      </Anchor>
    </section>
  );
}

export function NotAllowedPage() {
  const { t } = useTranslation();
  return (
    <section>
      <PageTitle>{t('notAllowed.title')}</PageTitle>
      <Text mb="md">{t('notAllowed.body')}</Text>
      <Anchor component={Link} to="/mijn-taken">
        {t('notAllowed.home')}
      </Anchor>
    </section>
  );
}
