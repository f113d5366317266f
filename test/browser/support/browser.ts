import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PASSWORD } from '../../support/fixtures';
import { createTestApp, type TestApp } from '../../support/test-app';
import { launchChromium } from '../../../bench/lib/chromium';
import { watchContext } from './diagnostics';

/** Debian's chromium (installed by .ci/run); the flags keep it from reaching outside hosts. */
export const SCREENSHOT_DIR = resolve('test-results/screenshots');

export interface WebTest {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser profile (its own cookies), Dutch unless told otherwise. */
  context(options?: { locale?: string }): Promise<BrowserContext>;
  page(options?: { locale?: string }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The real service (on its own cloned database, with a clock the test moves) listening on a
 * loopback port and serving the built web application from dist/web, and a real Chromium.
 */
export async function startWebTest(options: Parameters<typeof createTestApp>[0] & { port?: number } = {}): Promise<WebTest> {
  const t = await createTestApp({ ...options, env: { WEB_DIR: resolve('dist/web'), ...options.env } });
  await t.app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = t.app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('the test service has no port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  const context = async ({ locale = 'nl-BE' }: { locale?: string } = {}) => {
    const created = await browser.newContext({ baseURL: baseUrl, locale, timezoneId: 'Europe/Brussels', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    // Fail fast on a hung element instead of at the 60 s test timeout, with Playwright's message.
    created.setDefaultTimeout(15_000);
    watchContext(created);
    contexts.push(created);
    return created;
  };
  return {
    t,
    baseUrl,
    browser,
    context,
    page: async (o) => (await context(o)).newPage(),
    close: async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await t.close();
    },
  };
}

/** A loopback port free now, for a service whose URL must be configured before it listens (an OpenID client's redirect URI). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** A full-page screenshot into the git-ignored test-results/screenshots, so anyone can look at what a user sees. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core against WCAG 2.1 A and AA; fails on any serious or critical violation, naming each. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  // Evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not govern.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) {
    const text = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('\n')}`).join('\n');
    throw new Error(`axe found ${serious.length} serious or critical violation(s) on ${name}:\n${text}`);
  }
}

/** Screenshot and axe in one go, for every page a journey visits. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  // A dialog fading in or out is half transparent: its contrast is not the one users read. Wait
  // for every finite transition and animation to end (spinners run forever and are left alone).
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  await screenshot(page, name);
  await expectAccessible(page, name);
}

/** Signs in through the sign-in page, as a person would, and waits for "Mijn taken". */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/aanmelden');
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.getByRole('heading', { name: 'Mijn taken', level: 1 }).waitFor();
}

/**
 * Presses Tab (and nothing else) until the focused element's accessible label starts with
 * `name`, as a keyboard user moves through a page; fails if it never gets there.
 */
export async function tabTo(page: Page, name: string, limit = 80): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const input = el as HTMLInputElement;
      return (el.getAttribute('aria-label') ?? input.labels?.[0]?.textContent ?? el.textContent ?? '').trim();
    });
    if (label.startsWith(name)) return;
    seen.push(label.slice(0, 40));
  }
  throw new Error(`Tab never reached "${name}"; focus went through: ${[...new Set(seen)].join(' | ')}`);
}
