import type { RouteObject } from 'react-router';
import { RequireRole } from '../../app/guards';

/** The finance desk: the queue, the review of one statement, payments per grant and across grants, exports. */
export const protectedRoutes: RouteObject[] = [
  {
    path: 'financien',
    element: <RequireRole roles={['FINANCE_OFFICER']} />,
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./routes/QueuePage')).QueuePage }) },
      { path: 'kostenstaten/:statementId', lazy: async () => ({ Component: (await import('./routes/ReviewPage')).ReviewPage }) },
      { path: 'betalingen', lazy: async () => ({ Component: (await import('./routes/PaymentsPage')).PaymentsPage }) },
      { path: 'dossiers/:grantId', lazy: async () => ({ Component: (await import('./routes/GrantPaymentsPage')).GrantPaymentsPage }) },
      { path: 'exports', lazy: async () => ({ Component: (await import('./routes/ExportsPage')).ExportsPage }) },
    ],
  },
];
