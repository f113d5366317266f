import { Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The page's one h1, which also names the browser tab; the layout moves focus to it after
 * each navigation, so screen-reader users hear where they arrived.
 */
export function PageTitle({ children, title }: { children: ReactNode; title?: string }) {
  const { t } = useTranslation();
  const text = title ?? (typeof children === 'string' ? children : '');
  useEffect(() => {
    document.title = text ? `${text} · ${t('appName')}` : t('appName');
  }, [text, t]);
  return (
    <Title order={1} mb="md" tabIndex={-1} data-page-title>
      {children}
    </Title>
  );
}
