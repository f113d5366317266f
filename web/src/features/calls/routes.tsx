import type { RouteObject } from 'react-router';
import { RequireRole } from '../../app/guards';

/** Calls are public in the API (published ones), so their pages need no sign-in either. */
export const publicRoutes: RouteObject[] = [
  { path: 'oproepen', lazy: async () => ({ Component: (await import('./routes/CallsPage')).CallsPage }) },
  { path: 'oproepen/:callId', lazy: async () => ({ Component: (await import('./routes/CallPage')).CallPage }) },
];

/** Programme managers write calls: every rule as a form, then publish (src/features/calls/editor). */
export const protectedRoutes: RouteObject[] = [
  {
    path: 'beheer/oproepen',
    element: <RequireRole roles={['PROGRAMME_MANAGER', 'ADMIN']} />,
    children: [
      { path: 'nieuw', lazy: async () => ({ Component: (await import('./editor/CallEditorPage')).CallEditorPage }) },
      { path: ':callId', lazy: async () => ({ Component: (await import('./editor/CallEditorPage')).CallEditorPage }) },
    ],
  },
];
