import type { RouteObject } from 'react-router';
import { RequireRole } from '../../app/guards';

export const protectedRoutes: RouteObject[] = [
  {
    path: 'beoordelingen',
    element: <RequireRole roles={['EVALUATOR']} />,
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./routes/MyAssignmentsPage')).MyAssignmentsPage }) },
      { path: ':assignmentId', lazy: async () => ({ Component: (await import('./routes/AssignmentPage')).AssignmentPage }) },
    ],
  },
];
