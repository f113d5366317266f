import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';
import { diagnosticsRegistry } from './diagnostics';

const FAILURE_DIR = resolve('test-results/failures');

function slug(text: string): string {
  return text.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 80);
}

/**
 * Node's environment, plus: when a browser test or hook fails, every page still open is
 * screenshotted into test-results/failures and its address, accessibility tree and recent
 * failed requests are printed, so a failure seen only in CI says what the screen showed.
 */
export default class BrowserTestEnvironment extends TestEnvironment {
  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name !== 'test_fn_failure' && event.name !== 'hook_failure') return;
    const name = event.name === 'test_fn_failure' ? event.test.name : `${event.hook.type} hook`;
    const lines: string[] = [`── browser state at the failure of "${name}"`];
    mkdirSync(FAILURE_DIR, { recursive: true });
    let k = 0;
    for (const { context, events, inFlight } of diagnosticsRegistry(this.global)) {
      for (const page of context.pages()) {
        if (page.isClosed()) continue;
        k++;
        const file = resolve(FAILURE_DIR, `${slug(name)}-${k}.png`);
        lines.push(`page ${k}: ${page.url()} (screenshot ${file})`);
        try {
          await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
          const tree = await page.locator('body').ariaSnapshot({ timeout: 5_000 });
          lines.push(tree.length > 4_000 ? `${tree.slice(0, 4_000)}\n…` : tree);
        } catch (error) {
          lines.push(`(page unreadable: ${(error as Error).message.split('\n')[0]})`);
        }
      }
      if (!context.pages().some((p) => !p.isClosed())) continue;
      if (events.length) lines.push('recent failures in this profile:', ...events.map((e) => `  ${e}`));
      if (inFlight.size) lines.push('requests not answered yet:', ...[...inFlight.values()].map((e) => `  ${e}`));
    }
    process.stderr.write(`${lines.join('\n')}\n`);
  }
}
