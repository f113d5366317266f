import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api/client';

export type Call = Schemas['CallDto'];
export type CallStatus = Call['status'];
export type Rate = Schemas['RateDto'];
export type NewProposal = Schemas['CreateApplicationDto'];

export const CALLS_PAGE_SIZE = 20;

/** One page of calls as the API lists them (published ones; drafts too for staff). */
export function useCalls(page: number) {
  return useQuery({
    queryKey: ['calls', 'list', { page }],
    queryFn: () => unwrap(api.GET('/calls', { params: { query: { page, pageSize: CALLS_PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
}

export function useCall(id: string) {
  return useQuery({
    queryKey: ['calls', id],
    queryFn: () => unwrap(api.GET('/calls/{id}', { params: { path: { id } } })),
  });
}

/** Starts a draft proposal on the call; the lead partner is the user's organisation. */
export function useStartProposal(callId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewProposal) => unwrap(api.POST('/calls/{callId}/applications', { params: { path: { callId } }, body })),
    onSuccess: (created) => {
      client.setQueryData(['applications', created.id], created);
      void client.invalidateQueries({ queryKey: ['applications', 'list'] });
    },
  });
}

/** Extends a published call's closing instant (programme managers, before it closes). */
export function useExtendClosing(callId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ExtendClosingDto']) => unwrap(api.POST('/calls/{id}/closing-extension', { params: { path: { id: callId } }, body })),
    onSuccess: (call) => {
      client.setQueryData(['calls', callId], call);
      void client.invalidateQueries({ queryKey: ['calls', 'list'] });
    },
  });
}
