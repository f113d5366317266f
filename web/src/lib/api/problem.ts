/** An RFC 9457 problem as the service sends it (src/core/errors/problem.ts). */
export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  correlationId?: string;
  errors?: { field: string; code: string; message: string }[];
}

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** What every failed call of the typed client throws. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fieldErrors: FieldProblem[] = [],
    readonly correlationId?: string,
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }

  static from(status: number, body: ProblemBody | undefined): ApiProblem {
    if (!body || typeof body !== 'object') return new ApiProblem(status, `HTTP_${status}`, `HTTP ${status}`);
    return new ApiProblem(status, body.code ?? `HTTP_${status}`, body.detail ?? body.title ?? `HTTP ${status}`, body.errors ?? [], body.correlationId);
  }

  static network(cause: unknown): ApiProblem {
    const problem = new ApiProblem(0, 'NETWORK_ERROR', cause instanceof Error ? cause.message : String(cause));
    return problem;
  }

  /** The first message per field, by field path (`partners[0].role`). */
  byField(): Record<string, FieldProblem> {
    const out: Record<string, FieldProblem> = {};
    for (const error of this.fieldErrors) out[error.field] ??= error;
    return out;
  }
}

export function isProblem(error: unknown): error is ApiProblem {
  return error instanceof ApiProblem;
}
