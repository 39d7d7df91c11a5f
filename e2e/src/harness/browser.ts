// Headless Chromium through playwright-core (no browser download here: the system one, with the
// flags from docs/stack.md), one persistent context per test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from './paths.js';

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors seen so far (a screen that throws is a failed screen). */
  errors: string[];
  close(): Promise<void>;
}

export const HD = { width: 1920, height: 1080 };
export const UHD = { width: 3840, height: 2160 };

export async function launchBrowser(viewport = HD): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'podium-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
  });
  // Content-Security-Policy violations (the server sends a CSP on every page) fail the screen
  // like errors do: a blocked script, style, image or socket is a broken screen.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} in ${event.sourceFile || event.documentURI}`);
    });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Team slugs of the leaderboard rows in screen order (by slot: the document keeps a stable order). */
export function boardOrder(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="leaderboard"] ol.rows > li[data-key]', (rows) =>
    rows.sort((a, b) => Number(a.getAttribute('data-slot')) - Number(b.getAttribute('data-slot'))).map((row) => row.getAttribute('data-key') ?? ''),
  );
}

export async function waitLive(page: Page, timeoutMs = 20_000): Promise<void> {
  await page.waitForSelector('[data-live="live"]', { timeout: timeoutMs });
}
