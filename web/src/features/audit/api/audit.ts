import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api/client';

export type TrailEntry = Schemas['TrailEntryDto'];

/** The roles the API lets read a record's trail (GET /audit). */
export const TRAIL_READERS = ['ADMIN', 'PROGRAMME_MANAGER', 'AUDITOR'] as const;

/** A trail is long for an old grant: the panel shows one page, oldest first, with the total. */
const TRAIL_PAGE = 100;

export function useTrail(entityType: string, entityId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['audit', entityType, entityId],
    queryFn: () => unwrap(api.GET('/audit', { params: { query: { entityType, entityId, pageSize: TRAIL_PAGE } } })),
    enabled,
  });
}
