import type { RouteObject } from 'react-router';

export const protectedRoutes: RouteObject[] = [
  { path: 'mijn-taken', lazy: async () => ({ Component: (await import('./routes/DashboardPage')).DashboardPage }) },
];
