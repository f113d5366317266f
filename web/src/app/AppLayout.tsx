import { Anchor, AppShell, Button, Container, Group, NativeSelect, Text, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { hasRole, useSession, useSignOut, type Role } from '../features/auth/api/session';
import { changeLanguage, LANGUAGES, type Language } from '../i18n/i18n';
import { NAVIGATION } from './navigation';

/**
 * The frame of every page: a skip link, the header with navigation for the user's roles, the
 * language choice and sign-out, and the main landmark. After each navigation focus moves to the
 * page's h1, so keyboard and screen-reader users start at the new content.
 */
export function AppLayout() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const signOut = useSignOut();
  const location = useLocation();
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => {
      const heading = document.querySelector<HTMLElement>('main [data-page-title]');
      (heading ?? document.getElementById('inhoud'))?.focus();
    }, 0);
    return () => clearTimeout(timer);
  }, [location.pathname]);

  const user = session.data?.user;
  const items = NAVIGATION.filter((item) => !item.roles || hasRole(session.data, ...(item.roles as Role[])));

  return (
    <AppShell header={{ height: { base: 'auto', sm: 64 } }} padding="md">
      <a href="#inhoud" className="skip-link">
        {t('skipToContent')}
      </a>
      <AppShell.Header px="md" py={8} style={{ display: 'flex', alignItems: 'center' }}>
        <Group justify="space-between" w="100%" wrap="wrap" gap="xs">
          <Group gap="lg" wrap="wrap">
            <Anchor component={Link} to={user ? '/mijn-taken' : '/aanmelden'} fw={700} c="efro.9" underline="never">
              € {t('appName')}
              <VisuallyHidden> – {t('appTagline')}</VisuallyHidden>
            </Anchor>
            {user && (
              <nav aria-label={t('nav.label')}>
                <Group gap="md" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  {items.map((item) => (
                    <li key={item.to}>
                      <Anchor component={NavLink} to={item.to} className="nav-link">
                        {t(item.label)}
                      </Anchor>
                    </li>
                  ))}
                </Group>
              </nav>
            )}
          </Group>
          <Group gap="sm" wrap="wrap">
            <NativeSelect
              aria-label={t('language')}
              size="xs"
              value={i18n.language}
              onChange={(e) => void changeLanguage(e.currentTarget.value as Language)}
              data={LANGUAGES.map((value) => ({ value, label: t(`languages.${value}`) }))}
            />
            {user && (
              <>
                <Text size="sm">{t('nav.signedInAs', { name: user.fullName })}</Text>
                <Button size="xs" variant="default" loading={signOut.isPending} onClick={() => signOut.mutate(undefined, { onSettled: (endSessionUrl) => window.location.assign(endSessionUrl ?? '/aanmelden') })}>
                  {t('nav.signOut')}
                </Button>
              </>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main id="inhoud" tabIndex={-1}>
        <Container size="lg" px={0}>
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
