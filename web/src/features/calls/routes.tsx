import type { RouteObject } from 'react-router';

/** Calls are public in the API (published ones), so their pages need no sign-in either. */
export const publicRoutes: RouteObject[] = [
  { path: 'oproepen', lazy: async () => ({ Component: (await import('./routes/CallsPage')).CallsPage }) },
  { path: 'oproepen/:callId', lazy: async () => ({ Component: (await import('./routes/CallPage')).CallPage }) },
];
