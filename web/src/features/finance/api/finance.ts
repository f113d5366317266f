import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api/client';
import { newIdempotencyKey } from '../../../lib/api/idempotency';
import { projectDecision, type ReviewContext } from '../running-totals';

export type QueueItem = Schemas['CostStatementQueueItemDto'];
export type CostStatement = Schemas['CostStatementDto'];
export type CostLine = Schemas['CostLineDto'];
export type SupportingDocument = Schemas['DocumentDto'];
export type Payment = Schemas['PaymentDto'];
export type PaymentAcrossGrants = Schemas['PaymentAcrossGrantsDto'];
export type ReviewInput = Schemas['ReviewLineDto'];
/** The states the queue filters on: drafts are the beneficiary's own. */
export type StatementStatus = Exclude<QueueItem['status'], 'DRAFT'>;
export type Province = 'BE21' | 'BE22' | 'BE23' | 'BE24' | 'BE25';

export const QUEUE_PAGE_SIZE = 25;
export const PROVINCE_CODES: Province[] = ['BE21', 'BE22', 'BE23', 'BE24', 'BE25'];

export interface QueueFilters {
  status?: StatementStatus;
  callId?: string;
  province?: Province;
  page: number;
}

export interface PaymentFilters {
  status?: Payment['status'];
  kind?: Payment['kind'];
  callId?: string;
  province?: Province;
  page: number;
}

/** Keyed by resource, so a review refreshes the statement and the queue, and a payment the grant's ledger. */
const keys = {
  queue: (filters: QueueFilters) => ['cost-statements', 'queue', filters] as const,
  statement: (id: string) => ['cost-statements', id] as const,
  payments: (filters: PaymentFilters) => ['payments', 'list', filters] as const,
  grantPayments: (grantId: string) => ['grants', grantId, 'payments'] as const,
  grant: (grantId: string) => ['grants', grantId] as const,
  calls: ['calls', 'list', { pageSize: 100 }] as const,
};

export function useQueue(filters: QueueFilters) {
  return useQuery({
    queryKey: keys.queue(filters),
    queryFn: () => unwrap(api.GET('/cost-statements', { params: { query: { ...filters, pageSize: QUEUE_PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
}

/** Every call, for the filters (a programme has a handful). */
export function useCallOptions() {
  return useQuery({
    queryKey: keys.calls,
    queryFn: async () => (await unwrap(api.GET('/calls', { params: { query: { pageSize: 100 } } }))).items.map((c) => ({ value: c.id, label: `${c.code} – ${c.title}` })),
  });
}

export function useStatement(id: string) {
  return useQuery({ queryKey: keys.statement(id), queryFn: () => unwrap(api.GET('/cost-statements/{id}', { params: { path: { id } } })) });
}

export function useGrant(grantId: string | undefined) {
  return useQuery({ queryKey: keys.grant(grantId ?? ''), enabled: !!grantId, queryFn: () => unwrap(api.GET('/grants/{id}', { params: { path: { id: grantId ?? '' } } })) });
}

/**
 * Each review answers with the whole statement, its totals and the subsidy preview computed by
 * the service, so the running totals on screen are the service's to the cent.
 */
function useStatementMutation<V>(id: string, call: (variables: V) => Promise<CostStatement>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (statement) => {
      client.setQueryData(keys.statement(id), statement);
      void client.invalidateQueries({ queryKey: ['cost-statements', 'queue'] });
    },
  });
}

/**
 * A line's review. With the review's context, the new totals are on screen at once: computed in
 * the page by the service's own functions (running-totals.ts), then replaced by the service's
 * answer, which is the same to the cent; a refusal puts the previous figures back.
 */
export function useReviewLine(id: string, context: ReviewContext | null) {
  const client = useQueryClient();
  const key = keys.statement(id);
  return useMutation({
    mutationFn: ({ lineId, body }: { lineId: string; body: ReviewInput }) => unwrap(api.PUT('/cost-statements/{id}/lines/{lineId}/review', { params: { path: { id, lineId } }, body })),
    onMutate: ({ lineId, body }) => {
      const previous = client.getQueryData<CostStatement>(key);
      const projected = previous && context ? projectDecision(previous.lines, { lineId, decision: body.decision, acceptedAmount: body.acceptedAmount }, context) : null;
      if (previous && projected) {
        const review = { decision: body.decision, acceptedAmount: projected.accepted, acceptedEligible: projected.acceptedEligible, reason: body.reason ?? null, reviewedAt: new Date().toISOString() };
        client.setQueryData<CostStatement>(key, {
          ...previous,
          lines: previous.lines.map((l) => (l.id === lineId ? { ...l, review } : l)),
          totals: projected.totals,
          subsidyPreview: projected.subsidyPreview,
        });
      }
      return { previous };
    },
    onError: (_error, _variables, saved) => {
      if (saved?.previous) client.setQueryData(key, saved.previous);
    },
    onSuccess: (statement) => {
      client.setQueryData(key, statement);
      void client.invalidateQueries({ queryKey: ['cost-statements', 'queue'] });
    },
  });
}

export function useCall(callId: string | undefined) {
  return useQuery({ queryKey: ['calls', callId ?? ''], enabled: !!callId, queryFn: () => unwrap(api.GET('/calls/{id}', { params: { path: { id: callId ?? '' } } })) });
}

export function useAskQuestion(id: string) {
  return useStatementMutation(id, ({ lineId, question }: { lineId: string; question: string }) =>
    unwrap(api.POST('/cost-statements/{id}/lines/{lineId}/question', { params: { path: { id, lineId } }, body: { question } })),
  );
}

export function useReturnStatement(id: string) {
  return useStatementMutation(id, (reason: string) => unwrap(api.POST('/cost-statements/{id}/return', { params: { path: { id } }, body: { reason } })));
}

export function useApproveStatement(id: string, grantId: string) {
  const client = useQueryClient();
  const mutation = useStatementMutation(id, () => unwrap(api.POST('/cost-statements/{id}/approve', { params: { path: { id }, header: { 'Idempotency-Key': newIdempotencyKey('approve') } } })));
  return {
    ...mutation,
    mutateAsync: async () => {
      const statement = await mutation.mutateAsync(undefined);
      await client.invalidateQueries({ queryKey: ['grants', grantId] });
      await client.invalidateQueries({ queryKey: ['payments'] });
      return statement;
    },
  };
}

export function usePayments(filters: PaymentFilters) {
  return useQuery({
    queryKey: keys.payments(filters),
    queryFn: () => unwrap(api.GET('/payments', { params: { query: { ...filters, pageSize: QUEUE_PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
}

export function useGrantPayments(grantId: string) {
  return useQuery({ queryKey: keys.grantPayments(grantId), queryFn: () => unwrap(api.GET('/grants/{id}/payments', { params: { path: { id: grantId } } })) });
}

/** Any payment change moves the grant's ledger and every list of payments. */
function usePaymentMutation<V>(call: (variables: V) => Promise<Payment>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: async (payment) => {
      await client.invalidateQueries({ queryKey: ['grants', payment.grantId] });
      await client.invalidateQueries({ queryKey: ['payments'] });
    },
  });
}

export function useMarkPaid() {
  return usePaymentMutation(({ paymentId, paidOn, reference }: { paymentId: string; paidOn: string; reference: string }) =>
    unwrap(api.POST('/payments/{id}/paid', { params: { path: { id: paymentId }, header: { 'Idempotency-Key': newIdempotencyKey('paid') } }, body: { paidOn, reference } })),
  );
}

export function usePlanPayment(grantId: string) {
  return usePaymentMutation((kind: 'advance' | 'balance') =>
    kind === 'advance'
      ? unwrap(api.POST('/grants/{id}/payments/advance', { params: { path: { id: grantId }, header: { 'Idempotency-Key': newIdempotencyKey('advance') } } }))
      : unwrap(api.POST('/grants/{id}/payments/balance', { params: { path: { id: grantId }, header: { 'Idempotency-Key': newIdempotencyKey('balance') } } })),
  );
}

export type Recovery = Schemas['RecoveryDto'];
export type ClaimCorrection = Schemas['ClaimCorrectionDto'];
export type CorrectionInput = Schemas['CorrectStatementDto'];

export function useGrantPeriods(grantId: string) {
  return useQuery({ queryKey: ['grants', grantId, 'periods'], queryFn: () => unwrap(api.GET('/grants/{id}/periods', { params: { path: { id: grantId } } })) });
}

/** A correction books recoveries and moves the ledger and the planned payments it is offset against. */
export function useCorrectStatement(grantId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ statementId, body }: { statementId: string; body: CorrectionInput }) => unwrap(api.POST('/cost-statements/{id}/corrections', { params: { path: { id: statementId }, header: { 'Idempotency-Key': newIdempotencyKey('correct') } }, body })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['grants', grantId] });
      await client.invalidateQueries({ queryKey: ['payments'] });
    },
  });
}

export function useMarkRecovered(grantId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ recoveryId, receivedOn, reference }: { recoveryId: string; receivedOn: string; reference: string }) =>
      unwrap(api.POST('/recoveries/{id}/received', { params: { path: { id: recoveryId }, header: { 'Idempotency-Key': newIdempotencyKey('recovered') } }, body: { receivedOn, reference } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['grants', grantId] });
    },
  });
}

/** Finance's decision on the beneficiary's bank account; the dossier's account and payments follow. */
export function useDecideBankAccount(grantId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: 'verify' | 'reject'; reason?: string }) =>
      action === 'verify'
        ? unwrap(api.POST('/bank-accounts/{id}/verify', { params: { path: { id } } }))
        : unwrap(api.POST('/bank-accounts/{id}/reject', { params: { path: { id } }, body: { reason: reason ?? '' } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['grants', grantId] });
    },
  });
}
