import type { RouteObject } from 'react-router';

/**
 * The beneficiary's grant pages under /subsidies: the list, a grant with its calendar and
 * ledger, and per period the progress report and the cost statement. "Mijn taken" links here.
 */
export const protectedRoutes: RouteObject[] = [
  { path: 'subsidies', lazy: async () => ({ Component: (await import('./routes/GrantsPage')).GrantsPage }) },
  { path: 'subsidies/:id', lazy: async () => ({ Component: (await import('./routes/GrantPage')).GrantPage }) },
  { path: 'subsidies/:id/periodes/:number/voortgangsrapport', lazy: async () => ({ Component: (await import('./routes/ProgressReportPage')).ProgressReportPage }) },
  { path: 'subsidies/:id/periodes/:number/kostenstaat', lazy: async () => ({ Component: (await import('./routes/CostStatementPage')).CostStatementPage }) },
];
