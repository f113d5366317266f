import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, csrfHeaders, unwrap, type Schemas } from '../../../lib/api/client';
import { ApiProblem, type ProblemBody } from '../../../lib/api/problem';

export type Application = Schemas['ApplicationDto'];
export type Budget = Schemas['BudgetDto'];
export type BudgetSummary = Schemas['BudgetSummaryDto'];
export type Finding = Schemas['FindingDto'];
export type Call = Schemas['CallDto'];
export type Receipt = Schemas['ReceiptDto'];
export type Result = Schemas['ResultDto'];
export type PartnerInput = Schemas['PartnerInput'];
export type BudgetLineInput = Schemas['BudgetLineInput'];

/** Server state keyed by resource: one proposal, its budget, its summary, its receipt, its result. */
export const applicationKeys = {
  one: (id: string) => ['applications', id] as const,
  budget: (id: string) => ['applications', id, 'budget'] as const,
  summary: (id: string) => ['applications', id, 'budget-summary'] as const,
  receipt: (id: string) => ['applications', id, 'receipt'] as const,
  result: (id: string) => ['applications', id, 'result'] as const,
  call: (id: string) => ['calls', id] as const,
};

export function useApplication(id: string) {
  return useQuery({ queryKey: applicationKeys.one(id), queryFn: () => unwrap(api.GET('/applications/{id}', { params: { path: { id } } })) });
}

export function useCall(id: string | undefined) {
  return useQuery({
    queryKey: applicationKeys.call(id ?? ''),
    queryFn: () => unwrap(api.GET('/calls/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
  });
}

export function useBudget(id: string) {
  return useQuery({ queryKey: applicationKeys.budget(id), queryFn: () => unwrap(api.GET('/applications/{id}/budget', { params: { path: { id } } })) });
}

export function useBudgetSummary(id: string) {
  return useQuery({ queryKey: applicationKeys.summary(id), queryFn: () => unwrap(api.GET('/applications/{id}/budget-summary', { params: { path: { id } } })) });
}

/** Every edit bumps the proposal's one version; the next save must carry the new one. */
function rememberVersion(client: QueryClient, id: string, version: number) {
  client.setQueryData<Application>(applicationKeys.one(id), (current) => (current ? { ...current, version } : current));
}

export function useUpdateApplication(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['UpdateApplicationDto'] & { version: number }) => unwrap(api.PATCH('/applications/{id}', { params: { path: { id } }, body })),
    onSuccess: (saved) => client.setQueryData(applicationKeys.one(id), saved),
  });
}

export function usePutPartners(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['PutPartnersDto'] & { version: number }) => unwrap(api.PUT('/applications/{id}/partners', { params: { path: { id } }, body })),
    onSuccess: async (saved) => {
      client.setQueryData(applicationKeys.one(id), saved);
      // A removed partner takes its budget lines with it; consortium findings change too.
      await Promise.all([client.invalidateQueries({ queryKey: applicationKeys.budget(id) }), client.invalidateQueries({ queryKey: applicationKeys.summary(id) })]);
    },
  });
}

/**
 * Claims a partner's organisation type with its supporting document (multipart, the type sent
 * before the file as the service reads it); the proposal and its findings show the new state.
 */
export function useClaimPartnerType(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ enterpriseNumber, type, file }: { enterpriseNumber: string; type: Application['partners'][number]['organisationType']; file: File }) => {
      const form = new FormData();
      form.append('type', type);
      form.append('file', file, file.name);
      let response: Response;
      try {
        response = await fetch(`/applications/${id}/partners/${enterpriseNumber}/type-claim`, {
          method: 'POST',
          body: form,
          credentials: 'same-origin',
          headers: { Accept: 'application/json, application/problem+json', ...csrfHeaders() },
        });
      } catch (error) {
        throw ApiProblem.network(error);
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (!response.ok) throw ApiProblem.from(response.status, body as ProblemBody | undefined);
      return body as Schemas['RegisteredOrganisationDto'];
    },
    onSuccess: async () => {
      await Promise.all([client.invalidateQueries({ queryKey: applicationKeys.one(id) }), client.invalidateQueries({ queryKey: applicationKeys.summary(id) })]);
    },
  });
}

/**
 * Replaces the budget, then fetches the service's own summary (eligible cost, subsidy, split,
 * findings) before it resolves, so the screen shows the summary of exactly what was saved.
 */
export function usePutBudget(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schemas['PutBudgetDto'] & { version: number }) => {
      const budget = await unwrap(api.PUT('/applications/{id}/budget', { params: { path: { id } }, body }));
      const summary = await unwrap(api.GET('/applications/{id}/budget-summary', { params: { path: { id } } }));
      return { budget, summary };
    },
    onSuccess: ({ budget, summary }) => {
      rememberVersion(client, id, budget.version);
      client.setQueryData(applicationKeys.budget(id), budget);
      client.setQueryData(applicationKeys.summary(id), summary);
    },
  });
}

/** One Idempotency-Key per attempt: the caller keeps the key, so a double click or a retry submits once. */
export function useSubmit(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => unwrap(api.POST('/applications/{id}/submit', { params: { path: { id }, header: { 'Idempotency-Key': key } } })),
    onSuccess: async (receipt) => {
      client.setQueryData(applicationKeys.receipt(id), receipt);
      await client.invalidateQueries({ queryKey: applicationKeys.one(id) });
    },
  });
}

export function useReceipt(id: string) {
  return useQuery({ queryKey: applicationKeys.receipt(id), queryFn: () => unwrap(api.GET('/applications/{id}/receipt', { params: { path: { id } } })) });
}

export function useWithdraw(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/applications/{id}/withdraw', { params: { path: { id } } })),
    onSuccess: (saved) => client.setQueryData(applicationKeys.one(id), saved),
  });
}

export function useResult(id: string) {
  return useQuery({ queryKey: applicationKeys.result(id), queryFn: () => unwrap(api.GET('/applications/{id}/result', { params: { path: { id } } })), retry: false });
}

export { newIdempotencyKey } from '../../../lib/api/idempotency';

export const receiptPdfUrl = (id: string) => `/applications/${id}/receipt.pdf`;
export const decisionLetterUrl = (id: string) => `/applications/${id}/decision-letter.pdf`;
