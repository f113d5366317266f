import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { NotFoundPage } from '../components/StatusPages';
import { RouteError } from './RouteError';
import { AppLayout } from './AppLayout';
import { RequireSession } from './guards';

/**
 * Each feature declares its pages in `features/<feature>/routes.tsx`: `publicRoutes` (no
 * sign-in) and `protectedRoutes` (signed in). Pages load lazily, so the first download stays
 * small. Every first path segment must be one of WEB_ROUTE_PREFIXES (src/core/web/web-routes.ts),
 * the list the service serves index.html for.
 */
interface FeatureRoutes {
  publicRoutes?: RouteObject[];
  protectedRoutes?: RouteObject[];
}
const features = Object.values(import.meta.glob<FeatureRoutes>('../features/*/routes.tsx', { eager: true }));

export function createRouter() {
  return createBrowserRouter([
    {
      element: <AppLayout />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <Navigate to="/mijn-taken" replace /> },
        ...features.flatMap((f) => f.publicRoutes ?? []),
        { element: <RequireSession />, children: features.flatMap((f) => f.protectedRoutes ?? []) },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
