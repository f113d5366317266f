import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { digitalExperienceLabsCall } from '../src/demo/demo-calls';
import { demoEnterpriseNumber } from '../src/demo/demo-proposals';
import type { AppUnderTest } from './lib/app';
import { attempt, RowSpec, targetRow } from './lib/rows';
import type { BenchContext, BenchSection, Row } from './lib/types';
import { percentile } from './lib/stats';
import { launchChromium } from './lib/chromium';
import { largeRound } from './lib/round-data';
import { reviewPage } from './web-review';

const SECTION = 'web';
/** The initial JavaScript budget of the issue, in KB (1 KB = 1000 bytes) of gzip. */
const INITIAL_JS_KB = 250;
const DAY_MS = 86_400_000;

const spec = (id: string, scenario: string, metric: string): RowSpec => ({ section: SECTION, id: `${SECTION}.${id}`, scenario, metric });

/**
 * What every web measurement gets: the running service with a demo-like applicant (an open
 * call, a draft) and one headless Chromium. A new measurement is one `WebMeasurement` added
 * to MEASUREMENTS below; it opens its own fresh contexts with `fresh()`.
 */
export interface WebBench {
  ctx: BenchContext;
  app: AppUnderTest;
  browser: Browser;
  /** The applicant (with an organisation) who owns the data below; password `applicantPassword`. */
  applicantEmail: string;
  applicantPassword: string;
  openCallId: string;
  draftId: string;
  /** A new browser profile (empty cache), signed in as the applicant (or `as`) unless `signedIn` is false. */
  fresh(options?: { signedIn?: boolean; as?: { email: string; password: string } }): Promise<BrowserContext>;
}

export type WebMeasurement = (bench: WebBench) => Promise<Row[]>;

/** Fresh contexts per timed measurement (BENCH_WEB_RUNS, default 10). */
function runs(): number {
  const value = Number(process.env.BENCH_WEB_RUNS ?? 10);
  return Number.isInteger(value) && value > 0 ? value : 10;
}

const kb = (bytes: number) => Math.round(bytes / 10) / 100;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

/**
 * The JavaScript a first visit downloads before any page code: Vite's entry chunk and every
 * chunk it imports statically (lazy pages are left out), gzip sizes summed from the manifest.
 */
const initialJsFromManifest: WebMeasurement = async ({ ctx }) => {
  const s = spec('initial-js-manifest', 'initial JS: entry + static imports (Vite manifest)', 'KB gzip');
  return [
    await attempt(s, ctx.log, async () => {
      const dir = join(ctx.repoRoot, 'dist/web');
      const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
      const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry);
      if (!entry) throw new Error('no entry chunk in dist/web/.vite/manifest.json');
      const seen = new Set<string>();
      const visit = (key: string) => {
        if (seen.has(key)) return;
        seen.add(key);
        for (const next of manifest[key]?.imports ?? []) visit(next);
      };
      visit(entry[0]);
      const files = [...seen].map((key) => manifest[key].file);
      const sizes = files.map((file) => {
        const body = readFileSync(join(dir, file));
        return { file, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
      });
      const gzip = sizes.reduce((sum, f) => sum + f.gzip, 0);
      const raw = sizes.reduce((sum, f) => sum + f.raw, 0);
      ctx.log(`initial JS: ${files.length} chunk(s), ${kb(raw)} KB raw, ${kb(gzip)} KB gzip`);
      return targetRow(s, { value: kb(gzip), p99Ms: null, errors: 0, non2xx: 0, notes: [`${files.length} chunk(s), ${kb(raw)} KB uncompressed`], details: { files: sizes } }, { maxValue: INITIAL_JS_KB });
    }),
  ];
};

/** Script bytes Chromium receives for one page in an empty cache, until `ready` holds. */
async function scriptBytes(page: Page, path: string, ready: (page: Page) => Promise<void>) {
  const bodies: Promise<{ url: string; raw: number; gzip: number; transferred: number }>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    bodies.push(
      (async () => {
        const body = await response.body();
        const sizes = await response.request().sizes();
        return { url: new URL(response.url()).pathname, raw: body.length, gzip: gzipSync(body, { level: 9 }).length, transferred: sizes.responseBodySize };
      })(),
    );
  });
  await page.goto(path);
  await ready(page);
  await page.waitForLoadState('networkidle');
  return Promise.all(bodies);
}

/** The same budget measured in the browser: every script of the sign-in page and of the dashboard. */
const initialJsInChromium: WebMeasurement = async ({ ctx, fresh }) => {
  const pages = [
    { id: 'sign-in', path: '/aanmelden', signedIn: false, heading: 'Aanmelden' },
    { id: 'dashboard', path: '/mijn-taken', signedIn: true, heading: 'Mijn taken' },
  ];
  const rows: Row[] = [];
  for (const p of pages) {
    const s = spec(`js-chromium-${p.id}`, `JS downloaded by Chromium for ${p.path} (empty cache)`, 'KB gzip');
    rows.push(
      await attempt(s, ctx.log, async () => {
        const context = await fresh({ signedIn: p.signedIn });
        try {
          const page = await context.newPage();
          const scripts = await scriptBytes(page, p.path, (pg) => pg.getByRole('heading', { name: p.heading, level: 1 }).waitFor());
          const gzip = scripts.reduce((sum, f) => sum + f.gzip, 0);
          const transferred = scripts.reduce((sum, f) => sum + f.transferred, 0);
          ctx.log(`${p.path}: ${scripts.length} script(s), ${kb(transferred)} KB transferred, ${kb(gzip)} KB gzip`);
          return targetRow(
            s,
            {
              value: kb(gzip),
              p99Ms: null,
              errors: 0,
              non2xx: 0,
              // The service sends assets uncompressed (a reverse proxy compresses in production).
              notes: [`${scripts.length} script(s); ${kb(transferred)} KB transferred as the service sends them`],
              details: { scripts },
            },
            { maxValue: INITIAL_JS_KB },
          );
        } finally {
          await context.close();
        }
      }),
    );
  }
  return rows;
};

/**
 * Marks the instant (ms since navigation start) when the dashboard is usable: its heading,
 * every list section present and no loader left. Runs in the page before the app's scripts, so
 * no polling delay counts; a string, since the bench's tsconfig has no DOM types.
 */
const MARK_USABLE = `(() => {
  const sections = ['open-oproepen', 'ontwerpen', 'ingediend', 'resultaten', 'subsidies'];
  const check = () => {
    if (window.__usableAt !== undefined) return;
    const h1 = document.querySelector('main h1');
    const ready =
      h1 !== null && h1.textContent === 'Mijn taken' &&
      sections.every((id) => document.getElementById(id)) &&
      !document.querySelector('main [role="status"]') &&
      document.querySelector('section[aria-labelledby="open-oproepen"] table') !== null;
    if (ready) window.__usableAt = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

/** Navigation start → dashboard usable, in fresh signed-in contexts (cold cache, new session state). */
const dashboardUsable: WebMeasurement = async ({ ctx, fresh }) => {
  const n = runs();
  const median = spec('dashboard-usable', `dashboard usable: navigation start → lists rendered, median of ${n} fresh contexts`, 'ms');
  const p95 = spec('dashboard-usable-p95', `dashboard usable: p95 of ${n} fresh contexts`, 'ms');
  try {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const context = await fresh();
      try {
        await context.addInitScript({ content: MARK_USABLE });
        const page = await context.newPage();
        await page.goto('/mijn-taken');
        // Functions, not strings: the page's CSP forbids eval. globalThis is the page's window there.
        await page.waitForFunction(() => (globalThis as { __usableAt?: number }).__usableAt !== undefined, undefined, { timeout: 30_000 });
        times.push(await page.evaluate(() => (globalThis as { __usableAt?: number }).__usableAt ?? NaN));
      } finally {
        await context.close();
      }
    }
    const sorted = [...times].sort((a, b) => a - b);
    ctx.log(`dashboard usable after ${sorted.map((t) => t.toFixed(0)).join(', ')} ms`);
    const details = { runsMs: times };
    return [
      targetRow(median, { value: Math.round(percentile(sorted, 50) ?? NaN), p99Ms: null, errors: 0, non2xx: 0, details }, {}),
      targetRow(p95, { value: Math.round(percentile(sorted, 95) ?? NaN), p99Ms: null, errors: 0, non2xx: 0, notes: ['nearest rank: with 10 runs, the slowest'], details }, {}),
    ];
  } catch (error) {
    ctx.log(`dashboard usable: FAILED: ${(error as Error).message}`);
    return [await attempt(median, ctx.log, () => Promise.reject(error))];
  }
};

/** Proposals in the round whose ranking page and dashboard are measured (the issue: 500). */
const ROUND_PROPOSALS = 500;
/** The target for the ranking page of that round: time to usable, p95. */
const RANKING_TARGET_P95_MS = 1000;

/**
 * Navigation start until `ready` (page-side source text of a function returning a boolean,
 * checked on every DOM change) first holds, in fresh contexts signed in as `as`: p50 and p95.
 */
async function timeToUsable(bench: WebBench, o: { id: string; what: string; path: string; ready: string; as: { email: string; password: string }; targetP95Ms?: number }): Promise<Row[]> {
  const { ctx, fresh } = bench;
  const n = runs();
  const p50 = spec(o.id, `${o.what}: navigation start → usable, median of ${n} fresh contexts`, 'ms');
  const p95 = spec(`${o.id}-p95`, `${o.what}: p95 of ${n} fresh contexts`, 'ms');
  const mark = `(() => {
    const ready = ${o.ready};
    const check = () => { if (window.__usableAt === undefined && ready()) window.__usableAt = performance.now(); };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  })();`;
  try {
    const times: number[] = [];
    const api: string[][] = [];
    const afterData: number[] = [];
    for (let i = 0; i < n; i++) {
      const context = await fresh({ as: o.as });
      try {
        await context.addInitScript({ content: mark });
        const page = await context.newPage();
        await page.goto(o.path);
        await page.waitForFunction(() => (globalThis as { __usableAt?: number }).__usableAt !== undefined, undefined, { timeout: 60_000 });
        times.push(await page.evaluate(() => (globalThis as { __usableAt?: number }).__usableAt ?? NaN));
        // The page's own work after its data came: usable minus the end of the last API answer before it.
        afterData.push(
          await page.evaluate(() => {
            const at = (globalThis as { __usableAt?: number }).__usableAt ?? NaN;
            const ends = (globalThis as unknown as { performance: { getEntriesByType(type: string): { name: string; responseEnd: number }[] } }).performance
              .getEntriesByType('resource')
              .filter((e) => !/\/assets\//.test(e.name) && e.responseEnd <= at)
              .map((e) => e.responseEnd);
            return at - Math.max(0, ...ends);
          }),
        );
        // Where the time went: each API request's duration as the browser saw it (server and transfer).
        api.push(
          await page.evaluate(() =>
            (globalThis as unknown as { performance: { getEntriesByType(type: string): { name: string; duration: number }[] } }).performance
              .getEntriesByType('resource')
              .filter((e) => !/\/assets\//.test(e.name))
              .map((e) => `${e.name.replace(/^https?:\/\/[^/]+/, '').replace(/[0-9a-f-]{36}/g, ':id')} ${Math.round(e.duration)}`),
          ),
        );
      } finally {
        await context.close();
      }
    }
    const sorted = [...times].sort((a, b) => a - b);
    ctx.log(`${o.what} usable after ${sorted.map((t) => t.toFixed(0)).join(', ')} ms, of which after the last API answer ${[...afterData].sort((a, b) => a - b).map((t) => t.toFixed(0)).join(', ')} ms; API requests of the last run (ms): ${api[api.length - 1]?.join(', ')}`);
    const details = { runsMs: times, afterLastApiAnswerMs: afterData, apiRequestsMs: api };
    return [
      targetRow(p50, { value: Math.round(percentile(sorted, 50) ?? NaN), p99Ms: null, errors: 0, non2xx: 0, details }, {}),
      targetRow(p95, { value: Math.round(percentile(sorted, 95) ?? NaN), p99Ms: null, errors: 0, non2xx: 0, notes: [`nearest rank over ${n} runs`], details }, o.targetP95Ms ? { maxValue: o.targetP95Ms } : {}),
    ];
  } catch (error) {
    ctx.log(`${o.what}: FAILED: ${(error as Error).message}`);
    return [await attempt(p50, ctx.log, () => Promise.reject(error))];
  }
}

/** The round seeded once for both of its pages. */
const rounds = new WeakMap<WebBench, ReturnType<typeof largeRound>>();
function roundOf(bench: WebBench) {
  let round = rounds.get(bench);
  if (!round) {
    const started = Date.now();
    round = largeRound(bench.app, ROUND_PROPOSALS).then((r) => {
      bench.ctx.log(`web: round of ${r.proposals} proposals on call ${r.callId} seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return r;
    });
    rounds.set(bench, round);
  }
  return round;
}

/** Ranking rows the page draws at once (RANKING_PAGE_ROWS of web/src/features/evaluations/components/RankingPanel.tsx). */
const RANKING_PAGE_ROWS = 100;

/**
 * The ranking of 500 proposals: usable when the caption counts all of them, the table holds
 * every row or the first page with the pages to reach the others, and nothing is loading.
 */
const rankingUsable: WebMeasurement = async (bench) => {
  const seeded = await roundOf(bench).then((r) => r, (error: Error) => error);
  if (seeded instanceof Error) return [await attempt(spec('ranking-500-usable', `${ROUND_PROPOSALS}-proposal round (not seeded)`, 'ms'), bench.ctx.log, () => Promise.reject(seeded))];
  const round = seeded;
  const ready = `() => {
    const table = [...document.querySelectorAll('main table')].find((t) => t.querySelector('caption')?.textContent === 'Rangschikking van ${round.proposals} voorstellen');
    const paged = ${round.proposals <= RANKING_PAGE_ROWS} || document.querySelector('main nav button[aria-label="Pagina 2: plaatsen ${RANKING_PAGE_ROWS + 1} tot ${Math.min(2 * RANKING_PAGE_ROWS, round.proposals)}"]') !== null;
    const rows = table?.querySelectorAll('tbody tr').length;
    // Every row, or the first page of them with the way to the next: the same condition measures the page before and after paging.
    return table !== undefined && (rows === ${round.proposals} || (rows === ${Math.min(round.proposals, RANKING_PAGE_ROWS)} && paged)) && !document.querySelector('main [role="status"]');
  }`;
  return timeToUsable(bench, { id: 'ranking-500-usable', what: `ranking page, ${round.proposals} proposals`, path: `/evaluaties/${round.callId}?stap=rangschikking`, ready, as: round.manager, targetP95Ms: RANKING_TARGET_P95_MS });
};

/** The call dashboard of the same round: usable when both province charts and the scoring chart have drawn their bars and their tables are there. */
const roundDashboardUsable: WebMeasurement = async (bench) => {
  const seeded = await roundOf(bench).then((r) => r, (error: Error) => error);
  if (seeded instanceof Error) return [await attempt(spec('round-dashboard-500-usable', `${ROUND_PROPOSALS}-proposal round (not seeded)`, 'ms'), bench.ctx.log, () => Promise.reject(seeded))];
  const round = seeded;
  const ready = `() => {
    const figures = ['chart-province', 'chart-subsidy', 'chart-scoring'].map((id) => document.querySelector('figure[aria-labelledby="' + id + '-title"]'));
    const drawn = figures.every((f) => f !== null && f.querySelectorAll('.recharts-bar-rectangle').length > 0);
    const tables = [...document.querySelectorAll('main table caption')].map((c) => c.textContent);
    return drawn && tables.includes('Voorstellen per provincie en stand, en de gevraagde subsidie') && tables.includes('Voortgang per beoordelaar') && !document.querySelector('main [role="status"]');
  }`;
  return timeToUsable(bench, { id: 'round-dashboard-500-usable', what: `call dashboard with its charts, ${round.proposals} proposals`, path: `/evaluaties/${round.callId}`, ready, as: round.manager });
};

/** Every web measurement, in the order they run. Add one by writing a WebMeasurement and listing it here. */
export const MEASUREMENTS: readonly WebMeasurement[] = [initialJsFromManifest, initialJsInChromium, dashboardUsable, rankingUsable, roundDashboardUsable, reviewPage];

interface Registered {
  accessToken: string;
}

/** An applicant with a draft on a call open now (the app runs on the real clock). */
async function prepare(ctx: BenchContext, app: AppUnderTest) {
  const manager = await app.createStaff(['PROGRAMME_MANAGER'], 'Bench Programmabeheer');
  const now = Date.now();
  const call = await app.api.post<{ id: string }>(
    '/calls',
    { ...digitalExperienceLabsCall(), code: `WEB-${now}`, title: 'Digital Experience Labs (bench)', opensAt: new Date(now - 7 * DAY_MS).toISOString(), closesAt: new Date(now + 60 * DAY_MS).toISOString() },
    { token: manager.token },
  );
  await app.api.post(`/calls/${call.id}/publish`, undefined, { token: manager.token });
  const applicantEmail = `bench-web-${now}@bench.example.org`;
  const applicantPassword = 'bench-web-wachtwoord';
  const registered = await app.api.post<Registered>('/auth/register', {
    email: applicantEmail,
    password: applicantPassword,
    fullName: 'Bench Aanvrager',
    organisation: { name: 'Bench Kennisinstelling', enterpriseNumber: demoEnterpriseNumber(1_000_000 + (now % 8_000_000)), type: 'KNOWLEDGE_INSTITUTION', province: 'BE24' },
  });
  const draft = await app.api.post<{ id: string }>(
    `/calls/${call.id}/applications`,
    { acronym: 'BENCHLAB', title: 'Lab voor de meting', province: 'BE24' },
    { token: registered.accessToken },
  );
  ctx.log(`web: applicant ${applicantEmail} with draft ${draft.id} on open call ${call.id}`);
  return { applicantEmail, applicantPassword, openCallId: call.id, draftId: draft.id };
}

export const webSection: BenchSection = {
  name: SECTION,
  description: 'web application: initial JavaScript (gzip), time until the dashboard, the ranking of a 500-proposal round and its call dashboard are usable in headless Chromium',
  async run(ctx) {
    const app = await ctx.app();
    const data = await prepare(ctx, app);
    const browser = await launchChromium();
    ctx.defer('close Chromium', () => browser.close());
    const fresh: WebBench['fresh'] = async ({ signedIn = true, as = { email: data.applicantEmail, password: data.applicantPassword } } = {}) => {
      const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'nl-BE', timezoneId: 'Europe/Brussels', viewport: { width: 1280, height: 900 } });
      if (signedIn) {
        // The session cookie, obtained as the sign-in form does; set on the context without the
        // Secure flag the production service adds, since the bench talks plain http to 127.0.0.1.
        const response = await fetch(`${app.baseUrl}/auth/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: app.baseUrl },
          body: JSON.stringify({ email: as.email, password: as.password }),
        });
        const cookie = /efro_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '');
        if (!response.ok || !cookie) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
        await context.addCookies([{ name: 'efro_session', value: cookie[1], url: app.baseUrl, httpOnly: true, sameSite: 'Strict' }]);
      }
      return context;
    };
    const bench: WebBench = { ctx, app, browser, ...data, fresh };
    const rows: Row[] = [];
    for (const measure of MEASUREMENTS) rows.push(...(await measure(bench)));
    return rows;
  },
};
