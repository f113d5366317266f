import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { digitalExperienceLabsCall } from '../src/demo/demo-calls';
import { demoEnterpriseNumber } from '../src/demo/demo-proposals';
import type { AppUnderTest } from './lib/app';
import { failedRow, targetRow, type Measurement, type RowSpec } from './lib/rows';
import type { BenchContext, BenchSection, Row } from './lib/types';
import { percentile } from './lib/stats';
import { CHROMIUM, launchChromium } from './lib/chromium';

const SECTION = 'web-budget';
const PASSWORD = 'een lang bench-wachtwoord';
/** The target: editing one line of a 200-line budget to the updated summary on screen, p95. */
const TARGET_P95_MS = 300;

export interface BudgetEditOptions {
  /** Lines of the budget (default 200: 100 staff lines per partner). */
  lines?: number;
  /** Edits measured (default 30), after `warmup` unmeasured ones (default 3). */
  edits?: number;
  warmup?: number;
  log?: (message: string) => void;
}

export interface BudgetEditResult {
  samplesMs: number[];
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  lines: number;
}

/** A draft labs proposal of `lines` staff lines (lead and a business network) on a call open now, by a new applicant. */
async function setUp(app: AppUnderTest, lines: number): Promise<{ id: string; email: string }> {
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const manager = await app.createStaff(['PROGRAMME_MANAGER'], `Web bench ${tag}`);
  const now = Date.now();
  const call = await app.api.post<{ id: string }>(
    '/calls',
    { ...digitalExperienceLabsCall(), code: `WEB-${tag}`.slice(0, 30).toUpperCase(), title: `Web bench ${tag}`, opensAt: new Date(now - 3600_000).toISOString(), closesAt: new Date(now + 86_400_000).toISOString() },
    { token: manager.token },
  );
  await app.api.post(`/calls/${call.id}/publish`, undefined, { token: manager.token });
  const seed = 5_000_000 + Math.floor(Math.random() * 3_000_000);
  const lead = demoEnterpriseNumber(seed);
  const partner = demoEnterpriseNumber(seed + 1);
  const email = `web-bench-${tag}@bench.example.org`;
  const registered = await app.api.post<{ accessToken: string }>('/auth/register', {
    email,
    password: PASSWORD,
    fullName: 'Web Bench',
    organisation: { name: `Hogeschool ${tag}`, enterpriseNumber: lead, type: 'KNOWLEDGE_INSTITUTION', province: 'BE24' },
  });
  const token = registered.accessToken;
  const draft = await app.api.post<{ id: string; version: number }>(
    `/calls/${call.id}/applications`,
    { title: 'Budget bench', acronym: 'BENCH', summary: 'Een lab', province: 'BE24', startDate: '2021-03-01' },
    { token },
  );
  const withPartners = await app.api.put<{ version: number }>(
    `/applications/${draft.id}/partners`,
    {
      version: draft.version,
      partners: [
        { enterpriseNumber: lead, name: `Hogeschool ${tag}`, organisationType: 'KNOWLEDGE_INSTITUTION', role: 'LEAD' },
        { enterpriseNumber: partner, name: `Netwerk ${tag}`, organisationType: 'BUSINESS_NETWORK', role: 'PARTNER' },
      ],
    },
    { token },
  );
  const budget = Array.from({ length: lines }, (_, i) => ({
    partner: i % 2 === 0 ? lead : partner,
    kind: 'STAFF',
    category: 'STAFF',
    year: 2021 + (i % 3 === 2 ? 1 : 0),
    function: `Medewerker ${i + 1}`,
    annualGrossCost: 6_000_000 + i * 1_000,
    hours: 100,
  }));
  await app.api.put(`/applications/${draft.id}/budget`, { version: withPartners.version, lines: budget }, { token });
  return { id: draft.id, email };
}

/**
 * Page-side code, as source text: the bench's tsconfig has no DOM types (it compiles with the
 * service), and the page needs none of the bench's. READ_ELIGIBLE reads the summary's eligible cost.
 */
const READ_ELIGIBLE = `() => {
  const region = document.querySelector('section[aria-labelledby="cofinancing-title"]');
  const row = [...(region ? region.querySelectorAll('tr') : [])].find((tr) => (tr.querySelector('th')?.textContent ?? '').trim() === 'Subsidiabele kosten');
  return row?.querySelector('td')?.textContent ?? '';
}`;

/**
 * One edit as a person makes it, timed inside the page: the new number of hours goes into the
 * input (an input event, as typing gives) and the field is left (blur: the commit that saves);
 * the clock runs from the edit to the frame after the summary's eligible cost changed. Done in
 * one step in the page, so the bench's own round trips are not in the figure.
 */
const TIME_EDIT = `({ label, previous, value }) => new Promise((resolve, reject) => {
  const read = ${READ_ELIGIBLE};
  const input = [...document.querySelectorAll('input')].find((i) => i.getAttribute('aria-label') === label);
  if (!input) return reject(new Error('no input ' + label));
  const observer = new MutationObserver(() => {
    if (read() === previous) return;
    observer.disconnect();
    requestAnimationFrame(() => resolve(performance.now() - start));
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  setTimeout(() => reject(new Error('the summary did not change within 20 s')), 20000);
  input.focus();
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, value);
  const start = performance.now();
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.blur();
})`;

function eligibleText(page: Page): Promise<string> {
  return page.evaluate(`(${READ_ELIGIBLE})()`) as Promise<string>;
}

/**
 * Headless Chromium on the budget page of a 200-line proposal: each edit puts a new number of
 * hours into one line and leaves the field, which saves the whole budget and fetches the
 * service's summary (TIME_EDIT). BENCH_WEB_SCREENSHOT=<file.png> keeps a screenshot of a failure.
 */
export async function measureBudgetEdit(app: AppUnderTest, options: BudgetEditOptions = {}): Promise<BudgetEditResult> {
  const lines = options.lines ?? 200;
  const edits = options.edits ?? 30;
  const warmup = options.warmup ?? 3;
  const log = options.log ?? (() => undefined);
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const { id, email } = await setUp(app, lines);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'nl-BE', timezoneId: 'Europe/Brussels', viewport: { width: 1400, height: 900 } });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    await page.goto(`/aanvragen/${id}/begroting`);
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByRole('heading', { name: 'Begroting', level: 1 }).waitFor();
    log(`${SECTION}: budget page of ${lines} lines loaded`);

    const samples: number[] = [];
    for (let n = 0; n < warmup + edits; n++) {
      const line = 1 + ((n * 37) % lines);
      const year = 2021 + ((line - 1) % 3 === 2 ? 1 : 0);
      const label = `Uren – Medewerker ${line} (${year})`;
      const before = await eligibleText(page);
      const ms = await (page.evaluate(`(${TIME_EDIT})(${JSON.stringify({ label, previous: before, value: String(101 + n) })})`) as Promise<number>).catch(async (error: unknown) => {
        if (process.env.BENCH_WEB_SCREENSHOT) await page.screenshot({ path: process.env.BENCH_WEB_SCREENSHOT, fullPage: false });
        throw error;
      });
      if (n >= warmup) samples.push(ms);
      // Let the save status settle before the next edit, as a person would.
      await page.getByText(/^Opgeslagen om/).waitFor();
    }
    const sorted = [...samples].sort((a, b) => a - b);
    return { samplesMs: samples, p50Ms: percentile(sorted, 50) ?? NaN, p95Ms: percentile(sorted, 95) ?? NaN, maxMs: sorted[sorted.length - 1], lines };
  } finally {
    await browser.close();
  }
}

const spec = (id: string, scenario: string, metric: string): RowSpec => ({ section: SECTION, id: `${SECTION}.${id}`, scenario, metric });

/** Rows for the results table: p95 judged on the target, p50 for information. */
export function budgetEditRows(result: BudgetEditResult, prefix: string = SECTION): Row[] {
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const m = (value: number): Measurement => ({ value: round(value), p99Ms: null, errors: 0, non2xx: 0, details: { samplesMs: result.samplesMs.map(round), lines: result.lines } });
  return [
    targetRow({ ...spec('edit-p95', `edit 1 line of a ${result.lines}-line budget → summary on screen, p95 of ${result.samplesMs.length}`, 'ms'), section: prefix }, m(result.p95Ms), { maxValue: TARGET_P95_MS }),
    targetRow({ ...spec('edit-p50', `edit 1 line of a ${result.lines}-line budget → summary on screen, p50`, 'ms'), section: prefix }, m(result.p50Ms), {}),
  ];
}

/** Temporary section until the `web` section (dashboard, bundle size) calls measureBudgetEdit itself. */
export const webBudgetSection: BenchSection = {
  name: SECTION,
  description: `headless Chromium: edit one line of a 200-line budget → the service's summary on screen (p50/p95 of 30, target p95 ≤ ${TARGET_P95_MS} ms)`,
  async run(ctx: BenchContext): Promise<Row[]> {
    const row = spec('edit-p95', 'edit 1 line of a 200-line budget → summary on screen', 'ms');
    try {
      if (!existsSync(join(ctx.repoRoot, 'dist/web/index.html'))) throw new Error('dist/web is missing: run npm run build');
      const result = await measureBudgetEdit(await ctx.app(), { log: ctx.log });
      ctx.log(`${SECTION}: p50 ${result.p50Ms.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms`);
      return budgetEditRows(result);
    } catch (error) {
      ctx.log(`${row.scenario}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
      return [failedRow(row, error)];
    }
  },
};
