import { useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api/client';

export type Application = Schemas['ApplicationDto'];
export type ApplicationStatus = Application['status'];
export type Call = Schemas['CallDto'];
export type Grant = Schemas['GrantDto'];
export type Period = Schemas['PeriodDto'];
export { nextReportDue } from '../next-report';

/** What one dashboard list shows at most; the full lists are the features' own pages. */
const LIST_SIZE = 200;

export function useOpenCalls() {
  return useQuery({
    queryKey: ['calls', 'list', { status: 'OPEN' }],
    queryFn: () => unwrap(api.GET('/calls', { params: { query: { status: 'OPEN', pageSize: LIST_SIZE } } })),
  });
}

/** Calls by id (the proposals' calls), sharing the cache of the call page. */
export function useCallsById(ids: readonly string[]) {
  return useQueries({
    queries: [...new Set(ids)].map((id) => ({
      queryKey: ['calls', id],
      queryFn: () => unwrap(api.GET('/calls/{id}', { params: { path: { id } } })),
    })),
    combine: (results) => new Map(results.flatMap((r) => (r.data ? [[r.data.id, r.data] as const] : []))),
  });
}

/** The proposals the user may see: for an applicant, their organisation's. */
export function useApplications(status?: ApplicationStatus) {
  return useQuery({
    queryKey: ['applications', 'list', { status: status ?? null }],
    queryFn: () => unwrap(api.GET('/applications', { params: { query: { pageSize: LIST_SIZE, ...(status ? { status } : {}) } } })),
  });
}

export function useGrants() {
  return useQuery({
    queryKey: ['grants', 'list'],
    queryFn: () => unwrap(api.GET('/grants', { params: { query: { pageSize: LIST_SIZE } } })),
  });
}

/** Each grant's reporting calendar, to show the next report due. */
export function useGrantPeriods(grantIds: readonly string[]) {
  return useQueries({
    queries: grantIds.map((id) => ({
      queryKey: ['grants', id, 'periods'],
      queryFn: () => unwrap(api.GET('/grants/{id}/periods', { params: { path: { id } } })),
    })),
    combine: (results) => new Map(grantIds.map((id, i) => [id, results[i]?.data] as const)),
  });
}

/** How many of my assignments are in each state: the page totals, one row each. */
export function useMyAssignmentCounts() {
  const statuses = ['ASSIGNED', 'DECLARED', 'SUBMITTED'] as const;
  return useQueries({
    queries: statuses.map((status) => ({
      queryKey: ['assignments', 'mine', 'count', status],
      queryFn: () => unwrap(api.GET('/me/assignments', { params: { query: { status, pageSize: 1 } } })),
    })),
    combine: (results) =>
      results.every((r) => r.data)
        ? { assigned: results[0].data!.total, declared: results[1].data!.total, submitted: results[2].data!.total }
        : undefined,
  });
}

export const DRAFT_STATUSES: readonly ApplicationStatus[] = ['DRAFT'];
export const RESULT_STATUSES: readonly ApplicationStatus[] = ['AWARDED', 'RESERVE', 'REJECTED'];
/** Handed in, and not (yet) decided: submitted, screened, or withdrawn. */
export const SUBMITTED_STATUSES: readonly ApplicationStatus[] = ['SUBMITTED', 'ADMISSIBLE', 'INADMISSIBLE', 'WITHDRAWN'];

/** Finance: how many cost statements wait for verification and how many payments are planned (totals only). */
export function useFinanceCounts() {
  const waiting = useQuery({ queryKey: ['cost-statements', 'queue', 'count'], queryFn: () => unwrap(api.GET('/cost-statements', { params: { query: { pageSize: 1 } } })) });
  const planned = useQuery({ queryKey: ['payments', 'list', 'count', 'PLANNED'], queryFn: () => unwrap(api.GET('/payments', { params: { query: { status: 'PLANNED', pageSize: 1 } } })) });
  return { waiting: waiting.data?.total, planned: planned.data?.total };
}
