import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium, the one browser this machine can have (no browser download works), with the
 * flags it needs here: as root no sandbox, and no background networking that would try to reach
 * outside hosts. Shared by the bench's web sections and the browser tests.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
