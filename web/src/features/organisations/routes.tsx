import type { RouteObject } from 'react-router';
import { RequireRole } from '../../app/guards';

export const protectedRoutes: RouteObject[] = [
  {
    path: 'beheer/organisaties',
    element: <RequireRole roles={['PROGRAMME_MANAGER', 'ADMIN']} />,
    children: [{ index: true, lazy: async () => ({ Component: (await import('./routes/RegisterPage')).RegisterPage }) }],
  },
];
