import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.gen';
import { ApiProblem, type ProblemBody } from './problem';

export type Schemas = components['schemas'];

/**
 * The typed client, generated from the service's own OpenAPI document (`npm run build:web`
 * writes schema.gen.ts), so a change of the API that breaks a screen breaks the build.
 * The session travels in an HttpOnly cookie the page cannot read; writes carry the session's
 * CSRF token, which lives only in memory.
 */
let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** The CSRF header for a write made outside the typed client (an upload sent with XMLHttpRequest for its progress). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '', credentials: 'same-origin' });
api.use(csrf);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Awaits one call of the typed client and returns its data, or throws an ApiProblem: the
 * service's problem+json, or a network failure (status 0), so every screen handles one type.
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (error) {
    throw ApiProblem.network(error);
  }
  if (result.response.ok) return result.data as T;
  throw ApiProblem.from(result.response.status, result.error as ProblemBody | undefined);
}
