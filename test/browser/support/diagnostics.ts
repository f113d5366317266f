import type { BrowserContext, Request } from 'playwright-core';

/**
 * What a browser spec's pages went through, kept so that a failure in CI (where nobody can look
 * at the screen) prints where each open page was, what it showed and which requests failed.
 * The test environment (`environment.ts`) reads it from the spec's global on a failure.
 */
export interface ContextDiagnostics {
  context: BrowserContext;
  /** The last requests answered 4xx/5xx or not answered, console errors and page errors, oldest first. */
  events: string[];
  /** Requests sent and not yet answered (a request that hangs shows here, not among the failures). */
  inFlight: Map<Request, string>;
}

const KEPT = 40;
const KEY = '__browserDiagnostics';

export function diagnosticsRegistry(scope: object): ContextDiagnostics[] {
  const holder = scope as Record<string, ContextDiagnostics[] | undefined>;
  return (holder[KEY] ??= []);
}

/** Starts recording a context's failed requests and errors. */
export function watchContext(context: BrowserContext): void {
  const entry: ContextDiagnostics = { context, events: [], inFlight: new Map() };
  const started = Date.now();
  const note = (text: string) => {
    entry.events.push(`+${((Date.now() - started) / 1000).toFixed(2)} s ${text}`);
    if (entry.events.length > KEPT) entry.events.shift();
  };
  context.on('request', (request) => {
    if (request.resourceType() === 'fetch' || request.resourceType() === 'xhr') entry.inFlight.set(request, `+${((Date.now() - started) / 1000).toFixed(2)} s ${request.method()} ${request.url()}`);
  });
  context.on('requestfinished', (request) => entry.inFlight.delete(request));
  context.on('response', (response) => {
    if (response.status() >= 400) note(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  context.on('requestfailed', (request) => {
    entry.inFlight.delete(request);
    note(`failed ${request.method()} ${request.url()}: ${request.failure()?.errorText ?? ''}`);
  });
  context.on('console', (message) => {
    // The browser's own line for each failed response repeats what 'response' noted.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) note(`console: ${message.text()}`);
  });
  context.on('page', (page) => {
    page.on('crash', () => note(`page crashed at ${page.url()}`));
    page.on('close', () => note(`page closed at ${page.url()}`));
  });
  context.on('weberror', (error) => note(`page error: ${error.error().message}`));
  diagnosticsRegistry(globalThis).push(entry);
}
