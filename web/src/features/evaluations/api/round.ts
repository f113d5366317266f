import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api/client';

export type Application = Schemas['ApplicationDto'];
export type Ranking = Schemas['RankingDto'];
export type AwardProposal = Schemas['AwardProposalDto'];
export type ConsensusView = Schemas['ConsensusViewDto'];

/** Everything of one call's evaluation round is keyed under the call, so a decision refreshes it all. */
const keys = {
  round: (callId: string) => ['round', callId] as const,
  applications: (callId: string) => ['round', callId, 'applications'] as const,
  summary: (id: string) => ['applications', id, 'budget-summary'] as const,
  assignments: (callId: string) => ['round', callId, 'assignments'] as const,
  consensus: (callId: string, id: string) => ['round', callId, 'consensus', id] as const,
  ranking: (callId: string) => ['round', callId, 'ranking'] as const,
  preselection: (callId: string) => ['round', callId, 'preselection'] as const,
};

/** The largest page the service gives. */
const PAGE_SIZE = 200;

/**
 * The call's proposals past the draft stage, every page of them: the dashboard counts them
 * all, so a call with more proposals than one page (the bench has 500) must not lose the rest.
 */
export function useRoundApplications(callId: string) {
  return useQuery({
    queryKey: keys.applications(callId),
    queryFn: async () => {
      const page = (n: number) => unwrap(api.GET('/applications', { params: { query: { callId, pageSize: PAGE_SIZE, page: n } } }));
      const first = await page(1);
      const rest = await Promise.all(Array.from({ length: Math.ceil(first.total / PAGE_SIZE) - 1 }, (_, i) => page(i + 2)));
      return [first, ...rest].flatMap((p) => p.items).filter((a) => a.status !== 'DRAFT' && a.status !== 'WITHDRAWN');
    },
  });
}

export function useBudgetSummary(id: string, enabled = true) {
  return useQuery({ queryKey: keys.summary(id), enabled, queryFn: () => unwrap(api.GET('/applications/{id}/budget-summary', { params: { path: { id } } })) });
}

export function useDecideAdmissibility(callId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['AdmissibilityDto']) => unwrap(api.POST('/applications/{id}/admissibility', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.round(callId) }),
  });
}

export function useCallAssignments(callId: string) {
  return useQuery({ queryKey: keys.assignments(callId), queryFn: () => unwrap(api.GET('/calls/{id}/assignments', { params: { path: { id: callId } } })) });
}

export function useEvaluatorOptions(callId: string) {
  return useQuery({ queryKey: ['round', callId, 'evaluators'], queryFn: () => unwrap(api.GET('/calls/{id}/evaluators', { params: { path: { id: callId } } })) });
}

export function useManualAssign(callId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (pair: { applicationId: string; evaluatorId: string }) => unwrap(api.POST('/calls/{id}/assignments', { params: { path: { id: callId } }, body: { mode: 'manual', assignments: [pair] } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.round(callId) }),
  });
}

export function useAutoAssign(callId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (evaluatorsPerProposal: number) => unwrap(api.POST('/calls/{id}/assignments', { params: { path: { id: callId } }, body: { mode: 'auto', evaluatorsPerProposal } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.round(callId) }),
  });
}

export function useConsensus(callId: string, id: string | undefined) {
  return useQuery({ queryKey: keys.consensus(callId, id ?? ''), enabled: !!id, queryFn: () => unwrap(api.GET('/applications/{id}/consensus', { params: { path: { id: id ?? '' } } })) });
}

export function useSaveConsensus(callId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (scores: Schemas['ScoreInputDto'][]) => unwrap(api.PUT('/applications/{id}/consensus', { params: { path: { id } }, body: { scores } })),
    onSuccess: (view) => {
      client.setQueryData(keys.consensus(callId, id), view);
      void client.invalidateQueries({ queryKey: keys.ranking(callId) });
    },
  });
}

/**
 * The whole ranking: the service answers in pages (1.000 rows by default), so a call with more
 * evaluated proposals follows nextCursor until the last page; the ranks and the award proposal
 * need every row.
 */
export function useRanking(callId: string) {
  return useQuery({
    queryKey: keys.ranking(callId),
    queryFn: async () => {
      const page = (after: number) => unwrap(api.GET('/calls/{id}/ranking', { params: { path: { id: callId }, query: { after } } }));
      const first = await page(0);
      const entries = [...first.entries];
      const pending = [...first.pending];
      for (let next = first.nextCursor; next !== null; ) {
        const more = await page(next);
        entries.push(...more.entries);
        pending.push(...more.pending);
        next = more.nextCursor;
      }
      return { ...first, entries, pending, nextCursor: null };
    },
  });
}

/** The candidates a PRESELECTION call's decision put forward (empty before it). */
export function usePreselection(callId: string, enabled: boolean) {
  return useQuery({ queryKey: keys.preselection(callId), enabled, queryFn: () => unwrap(api.GET('/calls/{id}/preselection', { params: { path: { id: callId } } })) });
}

/**
 * The whole award proposal: the computation answers with its first page of entries (1.000 by
 * default), so a larger round follows entriesNextCursor through the entries pages, like the
 * ranking; the table, the totals' reading and the decision letters need every entry.
 */
export function useAwardProposal(callId: string) {
  return useMutation({
    mutationFn: async () => {
      const first = await unwrap(api.POST('/calls/{id}/award-proposal', { params: { path: { id: callId } } }));
      const entries = [...first.entries];
      for (let next = first.entriesNextCursor; next !== null; ) {
        const more = await unwrap(api.GET('/award-proposals/{id}/entries', { params: { path: { id: first.id }, query: { after: next } } }));
        entries.push(...more.items);
        next = more.nextCursor;
      }
      return { ...first, entries, entriesNextCursor: null };
    },
  });
}

export function useDecision(callId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['DecisionDto']) => unwrap(api.POST('/calls/{id}/decision', { params: { path: { id: callId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.round(callId) }),
  });
}
