// Statistical ties in the jury console on the real API: a juror computes the bootstrap of the lung
// task's final ranking (20 teams) from the board; the console shows exactly the server's answer
// (team order, intervals, tied groups) with its seed; shot in EN and FR.
import { join } from 'node:path';
import type { RobustnessResponse } from '@podium/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ADMIN_TOKEN } from './harness/api-process.js';
import { launchBrowser, type Browser } from './harness/browser.js';
import { JURY } from './harness/live-event.js';
import { ARTIFACTS_DIR } from './harness/paths.js';
import { startRound, type Round } from './harness/round.js';

const PASSWORD = 'juror password 2026!';

let round: Round;
let browser: Browser;

beforeAll(async () => {
  round = await startRound();
  const res = await fetch(`${round.api.url}/api/admin/events/${round.event}/jury/${JURY.juror.login}/password`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
  });
  expect(res.status).toBe(204);
  browser = await launchBrowser({ width: 1440, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  await round?.api.dispose();
});

async function apiAnswer(query: string): Promise<RobustnessResponse> {
  const session = await fetch(`${round.api.url}/api/jury/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '10.9.9.9' },
    body: JSON.stringify({ event: round.event, login: JURY.juror.login, password: PASSWORD }),
  });
  const { token } = (await session.json()) as { token: string };
  const res = await fetch(`${round.api.url}/api/jury/events/${round.event}/tasks/lung/robustness${query}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as RobustnessResponse;
}

describe('statistical ties in the jury console', () => {
  for (const lang of ['en', 'fr'] as const) {
    it(`computes the bootstrap from the board and shows the server's answer (${lang})`, async () => {
      const { page } = browser;
      await page.goto(`${round.api.url}/jury/?event=${round.event}&lang=${lang}`);
      if (await page.$('[data-testid="signin-form"]')) {
        await page.fill('input[name="login"]', JURY.juror.login);
        await page.fill('input[name="password"]', PASSWORD);
        await page.click('[data-testid="signin-form"] button[type="submit"]');
      }
      await page.waitForSelector('[data-testid="live-board"]');
      await page.fill('[data-testid="ties-resamples"]', '1000');
      await page.fill('[data-testid="ties-seed"]', '2026');
      await page.click('[data-testid="ties-compute"]');
      const table = await page.waitForSelector('[data-testid="ties-table"]', { timeout: 60_000 });
      const expected = await apiAnswer('?resamples=1000&seed=2026');
      expect(expected.teams).toHaveLength(20);
      const shown = await table.$$eval('tbody tr', (rows) => rows.map((tr) => tr.getAttribute('data-team')));
      expect(shown).toEqual(expected.teams.map((t) => t.team.slug));
      const groups = await page.$$eval('[data-testid="ties-group"]', (items) => items.length);
      expect(groups).toBe(expected.tiedGroups.length);
      expect(await page.textContent('[data-testid="ties-meta"]')).toContain(lang === 'en' ? 'seed 2026 · 1000 resamples' : 'graine 2026 · 1000 tirages');
      await page.screenshot({ path: join(ARTIFACTS_DIR, `jury-robustness-${lang}-1440.png`), fullPage: true });
      expect(browser.errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
    }, 120_000);
  }
});
