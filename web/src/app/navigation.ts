/**
 * The header's links. Each feature adds its entries here; `roles` hides a link from users
 * whose roles the API would refuse anyway (screens show only what the API allows).
 */
export interface NavigationItem {
  to: string;
  /** An i18n key, `namespace:key` for a feature's texts. */
  label: string;
  roles?: string[];
}

export const NAVIGATION: NavigationItem[] = [
  { to: '/mijn-taken', label: 'nav.dashboard' },
  { to: '/oproepen', label: 'calls:nav' },
  { to: '/subsidies', label: 'grants:nav', roles: ['APPLICANT'] },
  { to: '/subsidies', label: 'grants:navAll', roles: ['AUDITOR'] },
  { to: '/beoordelingen', label: 'evaluations:nav', roles: ['EVALUATOR'] },
  { to: '/evaluaties', label: 'evaluations:navRounds', roles: ['PROGRAMME_MANAGER'] },
  { to: '/financien', label: 'finance:nav.desk', roles: ['FINANCE_OFFICER'] },
  { to: '/beheer/gebruikers', label: 'auth:users.nav', roles: ['ADMIN'] },
];
