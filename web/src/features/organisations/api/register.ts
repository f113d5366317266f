import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api/client';
import type { paths } from '../../../lib/api/schema.gen';

export type RegisterEntry = Schemas['RegisteredOrganisationDto'];
export type VerificationStatus = RegisterEntry['verificationStatus'];
type RegisterQuery = NonNullable<paths['/organisation-register']['get']['parameters']['query']>;

export const registerKeys = { all: ['organisation-register'] as const };

export function useRegister(query: { page: number; status?: VerificationStatus }) {
  return useQuery({
    queryKey: [...registerKeys.all, query],
    queryFn: () => unwrap(api.GET('/organisation-register', { params: { query: { page: query.page, pageSize: 25, ...(query.status ? { status: query.status } : {}) } as RegisterQuery } })),
    placeholderData: keepPreviousData,
  });
}

export function useDecideType(enterpriseNumber: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (decision: { verify: true; version: number; reason?: string } | { verify: false; version: number; reason: string }) =>
      decision.verify
        ? unwrap(api.POST('/organisation-register/{enterpriseNumber}/verify', { params: { path: { enterpriseNumber } }, body: { version: decision.version, ...(decision.reason ? { reason: decision.reason } : {}) } }))
        : unwrap(api.POST('/organisation-register/{enterpriseNumber}/reject', { params: { path: { enterpriseNumber } }, body: { version: decision.version, reason: decision.reason } })),
    onSuccess: () => client.invalidateQueries({ queryKey: registerKeys.all }),
  });
}

/** Where the browser downloads an entry's supporting document (the session cookie goes along). */
export const documentUrl = (enterpriseNumber: string) => `/organisation-register/${enterpriseNumber}/document`;
