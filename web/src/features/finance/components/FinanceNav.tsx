import { Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

/** The finance desk's pages, one click apart. */
export function FinanceNav() {
  const { t } = useTranslation('finance');
  const links = [
    { to: '/financien', label: t('nav.queue'), end: true },
    { to: '/financien/betalingen', label: t('nav.payments'), end: false },
    { to: '/financien/exports', label: t('nav.exports'), end: false },
  ];
  return (
    <Group component="nav" aria-label={t('nav.label')} mb="md" gap="lg">
      {links.map((l) => (
        <Anchor key={l.to} component={NavLink} to={l.to} end={l.end}>
          {l.label}
        </Anchor>
      ))}
    </Group>
  );
}
