import type { WebRoutePrefix } from './web-routes';

/** What a notification is about, as stored with it (and the grant, for records of a grant). */
export interface NotifiedItem {
  kind: string;
  entityType: string | null;
  entityId: string | null;
  grantId?: string | null;
}

type WebPath = `/${WebRoutePrefix}${string}`;

/**
 * The web application's page for the item a notification is about, so that a mail links to
 * it. Records of a grant (reports, statements, payments) open on the grant's page; anything
 * else on the user's task list.
 */
export function itemWebPath(item: NotifiedItem): WebPath {
  const id = item.entityId ? encodeURIComponent(item.entityId) : null;
  if (item.kind === 'ASSIGNMENT_CREATED') return '/beoordelingen';
  // The question is answered on the receipt page of the submitted proposal, not in the editor.
  if (item.kind === 'CLARIFICATION_REQUESTED' && item.entityType === 'application' && id) return `/aanvragen/${id}/ontvangstbewijs`;
  switch (item.entityType) {
    case 'application':
      if (id) return `/aanvragen/${id}`;
      break;
    case 'call':
      if (id) return `/oproepen/${id}`;
      break;
    case 'assignment':
      if (id) return `/beoordelingen/${id}`;
      break;
    case 'grant':
      if (id) return `/subsidies/${id}`;
      break;
    case 'cost_statement':
    case 'progress_report':
    case 'payment':
      if (item.grantId) return `/subsidies/${encodeURIComponent(item.grantId)}`;
      break;
  }
  return '/mijn-taken';
}

/** The absolute link: the configured public base URL and the page. */
export function itemLink(baseUrl: string, item: NotifiedItem): string {
  return `${baseUrl.replace(/\/+$/, '')}${itemWebPath(item)}`;
}
