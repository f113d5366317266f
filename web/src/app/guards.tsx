import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { PageLoader } from '../components/QueryState';
import { NotAllowedPage } from '../components/StatusPages';
import { hasRole, useSession, type Role } from '../features/auth/api/session';

/** Pages behind sign-in: without a session the user goes to sign in and comes back here after. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <PageLoader />;
  if (!session.data) return <Navigate to={`/aanmelden?terug=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Outlet />;
}

/** A page for some roles only: others see "not allowed" and no data is fetched. */
export function RequireRole({ roles, children }: { roles: Role[]; children?: ReactNode }) {
  const session = useSession();
  if (session.isPending) return <PageLoader />;
  if (!hasRole(session.data, ...roles)) return <NotAllowedPage />;
  return children ? <>{children}</> : <Outlet />;
}
