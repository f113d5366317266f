import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api/client';
import { newIdempotencyKey } from '../../../lib/api/idempotency';

export type Grant = Schemas['GrantDto'];
export type Period = Schemas['PeriodDto'];
export type ProgressReport = Schemas['ProgressReportDto'];
export type CostStatement = Schemas['CostStatementDto'];
export type CostLine = Schemas['CostLineDto'];
export type SupportingDocument = Schemas['DocumentDto'];
export type Call = Schemas['CallDto'];

/** Keyed by resource, sharing the dashboard's keys for the grant list and calendars. */
export const grantKeys = {
  list: ['grants', 'list'] as const,
  grant: (id: string) => ['grants', id] as const,
  periods: (id: string) => ['grants', id, 'periods'] as const,
  report: (id: string) => ['progress-reports', id] as const,
  statement: (id: string) => ['cost-statements', id] as const,
  call: (id: string) => ['calls', id] as const,
  uploadRules: ['supporting-documents', 'rules'] as const,
  bankAccount: (id: string) => ['grants', id, 'bank-account'] as const,
};

export type GrantBankAccount = Schemas['GrantBankAccountDto'];
export type BankAccount = Schemas['BankAccountDto'];

/** The beneficiary's bank account on a grant: its state, and what the caller may do. */
export function useBankAccount(grantId: string) {
  return useQuery({ queryKey: grantKeys.bankAccount(grantId), queryFn: () => unwrap(api.GET('/grants/{id}/bank-account', { params: { path: { id: grantId } } })) });
}

export function useGrantList() {
  return useQuery({ queryKey: grantKeys.list, queryFn: () => unwrap(api.GET('/grants', { params: { query: { pageSize: 200 } } })) });
}

export function useGrant(id: string) {
  return useQuery({ queryKey: grantKeys.grant(id), queryFn: () => unwrap(api.GET('/grants/{id}', { params: { path: { id } } })) });
}

export function usePeriods(id: string, enabled = true) {
  return useQuery({ queryKey: grantKeys.periods(id), enabled, queryFn: () => unwrap(api.GET('/grants/{id}/periods', { params: { path: { id } } })) });
}

/** The call's rules: cost categories, flat rate, 1.720 hours, indicators. */
export function useCall(id: string | undefined) {
  return useQuery({ queryKey: grantKeys.call(id ?? ''), enabled: !!id, queryFn: () => unwrap(api.GET('/calls/{id}', { params: { path: { id: id ?? '' } } })) });
}

export function useUploadRules() {
  return useQuery({ queryKey: grantKeys.uploadRules, staleTime: Infinity, queryFn: () => unwrap(api.GET('/supporting-documents/rules', {})) });
}

export function useProgressReport(id: string | undefined) {
  return useQuery({ queryKey: grantKeys.report(id ?? ''), enabled: !!id, queryFn: () => unwrap(api.GET('/progress-reports/{id}', { params: { path: { id: id ?? '' } } })) });
}

export function useCostStatement(id: string | undefined) {
  return useQuery({ queryKey: grantKeys.statement(id ?? ''), enabled: !!id, queryFn: () => unwrap(api.GET('/cost-statements/{id}', { params: { path: { id: id ?? '' } } })) });
}

/** After a change of a report or statement, the calendar and the grant's ledger follow from it. */
function useAfterChange(grantId: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: grantKeys.periods(grantId) });
    void client.invalidateQueries({ queryKey: grantKeys.grant(grantId), exact: true });
  };
}

export function useSaveReport(grantId: string, number: number) {
  const client = useQueryClient();
  const after = useAfterChange(grantId);
  return useMutation({
    mutationFn: (body: Schemas['PutProgressReportDto']) => unwrap(api.PUT('/grants/{id}/periods/{number}/progress-report', { params: { path: { id: grantId, number } }, body })),
    onSuccess: (report) => {
      client.setQueryData(grantKeys.report(report.id), report);
      after();
    },
  });
}

export function useSubmitReport(grantId: string) {
  const client = useQueryClient();
  const after = useAfterChange(grantId);
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/progress-reports/{id}/submit', { params: { path: { id } } })),
    onSuccess: (report) => {
      client.setQueryData(grantKeys.report(report.id), report);
      after();
    },
  });
}

/** The programme manager reopens a submitted report for its text; the cost statement stays frozen. */
export function useReopenReport(grantId: string) {
  const client = useQueryClient();
  const after = useAfterChange(grantId);
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => unwrap(api.POST('/progress-reports/{id}/reopen', { params: { path: { id } }, body: { reason } })),
    onSuccess: (report) => {
      client.setQueryData(grantKeys.report(report.id), report);
      after();
    },
  });
}

export function useSaveStatement(grantId: string, number: number) {
  const client = useQueryClient();
  const after = useAfterChange(grantId);
  return useMutation({
    mutationFn: (body: Schemas['PutCostStatementDto']) => unwrap(api.PUT('/grants/{id}/periods/{number}/cost-statement', { params: { path: { id: grantId, number } }, body })),
    onSuccess: (statement) => {
      client.setQueryData(grantKeys.statement(statement.id), statement);
      after();
    },
  });
}

export function useSubmitStatement(grantId: string) {
  const client = useQueryClient();
  const after = useAfterChange(grantId);
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/cost-statements/{id}/submit', { params: { path: { id }, header: { 'Idempotency-Key': newIdempotencyKey('statement') } } })),
    onSuccess: (statement) => {
      client.setQueryData(grantKeys.statement(statement.id), statement);
      after();
    },
  });
}

export const costStatementPdfUrl = (grantId: string, number: number) => `/grants/${grantId}/periods/${number}/cost-statement.pdf`;
export const paymentStatementPdfUrl = (grantId: string) => `/grants/${grantId}/payment-statement.pdf`;
