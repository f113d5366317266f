import type { RouteObject } from 'react-router';

export const publicRoutes: RouteObject[] = [
  { path: 'aanmelden', lazy: async () => ({ Component: (await import('./routes/SignInPage')).SignInPage }) },
  { path: 'registreren', lazy: async () => ({ Component: (await import('./routes/RegisterPage')).RegisterPage }) },
];
