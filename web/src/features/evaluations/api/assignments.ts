import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api/client';

export type Assignment = Schemas['AssignmentDto'];
export type ScoreSheet = Schemas['ScoreSheetDto'];
export type ScoreInput = Schemas['ScoreInputDto'];
export type Snapshot = Schemas['SubmissionSnapshotDto'];
export type Criterion = Schemas['EvaluationCriterionDto'];

const keys = {
  mine: ['assignments', 'mine'] as const,
  proposal: (id: string) => ['assignments', id, 'proposal'] as const,
  scores: (id: string) => ['assignments', id, 'scores'] as const,
  call: (id: string) => ['calls', id] as const,
};

/** Rows per page of the evaluator's list (the service pages it). */
export const MY_ASSIGNMENTS_PAGE_SIZE = 50;

export function useMyAssignments(page = 1) {
  return useQuery({
    queryKey: [...keys.mine, 'page', page],
    queryFn: () => unwrap(api.GET('/me/assignments', { params: { query: { page, pageSize: MY_ASSIGNMENTS_PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
}

/** One of my assignments, asked of the service by id (missing → 404 page), wherever it is in the list. */
export function useMyAssignment(id: string) {
  const mine = useQuery({ queryKey: [...keys.mine, 'one', id], queryFn: () => unwrap(api.GET('/me/assignments', { params: { query: { id } } })) });
  return { ...mine, data: mine.data?.items[0], missing: mine.isSuccess && mine.data.items.length === 0 };
}

export function useCall(id: string | undefined) {
  return useQuery({ queryKey: keys.call(id ?? ''), enabled: !!id, queryFn: () => unwrap(api.GET('/calls/{id}', { params: { path: { id: id ?? '' } } })) });
}

/** The frozen proposal; the service refuses it (403) until the declaration is made. */
export function useAssignedProposal(id: string, enabled: boolean) {
  return useQuery({ queryKey: keys.proposal(id), enabled, queryFn: () => unwrap(api.GET('/assignments/{id}/proposal', { params: { path: { id } } })) });
}

export function useScores(id: string, enabled: boolean) {
  return useQuery({ queryKey: keys.scores(id), enabled, queryFn: () => unwrap(api.GET('/assignments/{id}/scores', { params: { path: { id } } })) });
}

export function useDeclare(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['DeclarationDto']) => unwrap(api.POST('/assignments/{id}/declaration', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.mine }),
  });
}

export function useSaveScores(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (scores: ScoreInput[]) => unwrap(api.PUT('/assignments/{id}/scores', { params: { path: { id } }, body: { scores } })),
    onSuccess: (sheet) => client.setQueryData(keys.scores(id), sheet),
  });
}

export function useSubmitScores(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/assignments/{id}/submit', { params: { path: { id } } })),
    onSuccess: (sheet) => {
      client.setQueryData(keys.scores(id), sheet);
      void client.invalidateQueries({ queryKey: keys.mine });
    },
  });
}
