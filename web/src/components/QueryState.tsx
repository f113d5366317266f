import { Alert, Button, Center, Loader } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../lib/api/problem';
import { problemText } from '../lib/problem-text';
import { NotFoundPage } from './StatusPages';

/** Loading, error and not-found for one query; renders `children(data)` once there is data. */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (query.isPending) return <PageLoader />;
  if (query.isError) {
    const error = query.error;
    if (isProblem(error) && error.status === 404) return <NotFoundPage />;
    return (
      <Alert color="red" role="alert" title={t('pageError.title')}>
        <p>{isProblem(error) ? problemText(t, error) : t('pageError.body')}</p>
        <Button variant="light" onClick={() => void query.refetch()}>
          {t('retry')}
        </Button>
      </Alert>
    );
  }
  return <>{children(query.data)}</>;
}

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader aria-hidden="true" />
      <span style={{ marginLeft: 12 }}>{t('loading')}</span>
    </Center>
  );
}
