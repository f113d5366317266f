import type { RouteObject } from 'react-router';

/**
 * The proposal editor in sections (one purpose each) under /aanvragen/:id, the submission with
 * its preview, the receipt and the result. The dashboard links to /aanvragen/:id,
 * /aanvragen/:id/ontvangstbewijs and /aanvragen/:id/resultaat.
 */
export const protectedRoutes: RouteObject[] = [
  {
    path: 'aanvragen/:id',
    lazy: async () => ({ Component: (await import('./routes/ProposalLayout')).ProposalLayout }),
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./routes/ProjectSection')).ProjectSection }) },
      { path: 'provincie', lazy: async () => ({ Component: (await import('./routes/ProvinceSection')).ProvinceSection }) },
      { path: 'consortium', lazy: async () => ({ Component: (await import('./routes/ConsortiumSection')).ConsortiumSection }) },
      { path: 'begroting', lazy: async () => ({ Component: (await import('./routes/BudgetSection')).BudgetSection }) },
      { path: 'overzicht', lazy: async () => ({ Component: (await import('./routes/OverviewSection')).OverviewSection }) },
      { path: 'indienen', lazy: async () => ({ Component: (await import('./routes/SubmitPage')).SubmitPage }) },
    ],
  },
  { path: 'aanvragen/:id/ontvangstbewijs', lazy: async () => ({ Component: (await import('./routes/ReceiptPage')).ReceiptPage }) },
  { path: 'aanvragen/:id/resultaat', lazy: async () => ({ Component: (await import('./routes/ResultPage')).ResultPage }) },
];
