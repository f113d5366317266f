import { Alert, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';

/** A page that failed to render or load (for example a chunk lost after a new release). */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  return (
    <Alert color="red" role="alert" title={t('pageError.title')} m="md">
      <p>{t('pageError.body')}</p>
      <p style={{ fontSize: 12 }}>{error instanceof Error ? error.message : ''}</p>
      <Button onClick={() => window.location.reload()}>{t('reload')}</Button>
    </Alert>
  );
}
