import type { RouteObject } from 'react-router';
import { RequireRole } from '../../app/guards';

export const publicRoutes: RouteObject[] = [
  { path: 'aanmelden', lazy: async () => ({ Component: (await import('./routes/SignInPage')).SignInPage }) },
  { path: 'registreren', lazy: async () => ({ Component: (await import('./routes/RegisterPage')).RegisterPage }) },
];

export const protectedRoutes: RouteObject[] = [
  {
    path: 'beheer/gebruikers',
    element: <RequireRole roles={['ADMIN']} />,
    children: [{ index: true, lazy: async () => ({ Component: (await import('./routes/UsersPage')).UsersPage }) }],
  },
];
