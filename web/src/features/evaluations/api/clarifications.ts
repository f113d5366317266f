import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api/client';

export type Clarification = Schemas['ClarificationDto'];

const key = (applicationId: string) => ['applications', applicationId, 'clarifications'] as const;

export function useClarifications(applicationId: string) {
  return useQuery({ queryKey: key(applicationId), queryFn: () => unwrap(api.GET('/applications/{id}/clarifications', { params: { path: { id: applicationId } } })) });
}

export function useRequestClarification(applicationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['RequestClarificationDto']) => unwrap(api.POST('/applications/{id}/clarifications', { params: { path: { id: applicationId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: key(applicationId) }),
  });
}

export function useAnswerClarification(applicationId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['AnswerClarificationDto']) => unwrap(api.POST('/clarifications/{id}/answer', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: key(applicationId) }),
  });
}
