// What a newcomer and a venue see in the first hour (issue 17), on the real built API: a bare
// /screen, an unknown event, a phone, six teams filling the board, and after a burst of scores
// (ties included) a board drawn in exactly the server's order once the glides end.
import { join } from 'node:path';
import type { LeaderboardData } from '@podium/contracts';
import { leaderboardPath } from '@podium/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiProcess } from './harness/api-process.js';
import { launchBrowser, waitLive, type Browser } from './harness/browser.js';
import { liveEventBundle, lungPredictionCsv } from './harness/live-event.js';
import { ARTIFACTS_DIR } from './harness/paths.js';
import { inBatches, submitCsv, waitSettled } from './harness/submissions.js';

const PHONE = { width: 390, height: 844 };

/** Team slugs as drawn: by column (left to right), then top to bottom, from their boxes on screen. */
function drawnOrder(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="leaderboard"] ol.rows > li[data-key]', (rows) =>
    rows
      .map((row) => ({ key: row.getAttribute('data-key') ?? '', box: row.getBoundingClientRect() }))
      .sort((a, b) => Math.round(a.box.left - b.box.left) || a.box.top - b.box.top)
      .map((row) => row.key),
  );
}

/** Waits until no glide, hop or highlight runs on the board. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().filter((a) => a.playState === 'running').length === 0, undefined, { timeout: 20_000 });
}

describe('the first hour', () => {
  let api: ApiProcess;
  let browser: Browser;
  const tokens = new Map<string, string>();

  async function importEvent(slug: string, teams: number): Promise<void> {
    const imported = await api.importBundle(liveEventBundle({ now: new Date(), slug, teams }));
    for (const team of imported.teams) tokens.set(`${slug}/${team.slug}`, team.token);
  }
  async function score(event: string, team: string, skill: number, seed: number): Promise<void> {
    const token = tokens.get(`${event}/${team}`)!;
    await waitSettled(api.url, token, (await submitCsv(api.url, token, event, 'lung', lungPredictionCsv(skill, seed))).id);
  }
  async function restOrder(event: string): Promise<string[]> {
    const board = (await (await fetch(`${api.url}${leaderboardPath(event, 'lung')}`)).json()) as LeaderboardData;
    return board.rows.map((row) => row.team.slug);
  }

  beforeAll(async () => {
    api = await ApiProcess.start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('a bare /screen follows the only event', async () => {
    await importEvent('e2e-six', 6);
    const { page } = browser;
    await page.goto(`${api.url}/screen?scene=leaderboard&task=lung&lang=en`);
    await waitLive(page);
    expect(await page.textContent('h1')).toContain('Lung CT');
    expect(await page.$('[data-testid="problem"]')).toBeNull();
  });

  it('fills the board with six teams: one column of big rows, top to bottom', async () => {
    const slugs = (await restOrder('e2e-six')).slice(0, 6);
    await inBatches(slugs.map((team, i) => () => score('e2e-six', team, 0.02 + i * 0.05, 10 + i)), 3);
    const { page } = browser;
    await page.goto(`${api.url}/screen?event=e2e-six&scene=leaderboard&task=lung&lang=en`);
    await waitLive(page);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="leaderboard"] ol.rows > li[data-key]').length === 6);
    await settled(page);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'leaderboard-6teams-en-1920.png') });
    const geometry = await page.evaluate(() => {
      const board = document.querySelector('[data-testid="leaderboard"] ol.rows')!.getBoundingClientRect();
      const rows = [...document.querySelectorAll('[data-testid="leaderboard"] ol.rows > li')].map((li) => li.getBoundingClientRect());
      const names = [...document.querySelectorAll('[data-testid="leaderboard"] ol.rows > li .name')];
      return {
        boardHeight: board.height,
        boardWidth: board.width,
        covered: Math.max(...rows.map((r) => r.bottom)) - Math.min(...rows.map((r) => r.top)),
        widths: rows.map((r) => r.width),
        nameFontPx: Math.max(...names.map((name) => Number.parseFloat(getComputedStyle(name).fontSize))),
      };
    });
    // The rows span the board's height (they took a third of it before), in one full-width column.
    expect(geometry.covered / geometry.boardHeight).toBeGreaterThan(0.95);
    expect(Math.min(...geometry.widths) / geometry.boardWidth).toBeGreaterThan(0.95);
    // Bigger type than the 20-team board's 38 px names.
    expect(geometry.nameFontPx).toBeGreaterThan(50);
    expect(browser.errors).toEqual([]);
  });

  it('after a burst of scores and a tie, draws exactly the server order once the glides end', async () => {
    await importEvent('e2e-burst', 20);
    const teams = await restOrder('e2e-burst');
    await inBatches(teams.map((team, i) => () => score('e2e-burst', team, 0.01 + ((i * 7) % 20) * 0.011, 200 + i)), 4);
    const { page } = browser;
    await page.goto(`${api.url}/screen?event=e2e-burst&scene=leaderboard&task=lung&lang=en`);
    await waitLive(page);
    await settled(page);
    expect(await drawnOrder(page)).toEqual(await restOrder('e2e-burst'));
    // A burst: eight teams from both columns improve at once, two of them to the same score
    // (a tie the server orders by who reached it first, not by name).
    const movers = [teams[19]!, teams[3]!, teams[15]!, teams[8]!, teams[12]!, teams[0]!, teams[17]!, teams[6]!];
    const sent = await Promise.all(
      movers.map(async (team, k) => {
        const token = tokens.get(`e2e-burst/${team}`)!;
        const csv = k < 2 ? lungPredictionCsv(0.45, 4242) : lungPredictionCsv(0.25 + k * 0.02, 300 + k);
        return { token, id: (await submitCsv(api.url, token, 'e2e-burst', 'lung', csv)).id };
      }),
    );
    for (const { token, id } of sent) await waitSettled(api.url, token, id);
    const expected = await restOrder('e2e-burst');
    await page.waitForFunction(
      (order) => {
        const slots = [...document.querySelectorAll('[data-testid="leaderboard"] ol.rows > li[data-key]')].sort(
          (a, b) => Number(a.getAttribute('data-slot')) - Number(b.getAttribute('data-slot')),
        );
        return slots.map((li) => li.getAttribute('data-key')).join() === order.join();
      },
      expected,
      { timeout: 20_000 },
    );
    await settled(page);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'leaderboard-after-burst-en-1920.png') });
    expect(await drawnOrder(page)).toEqual(expected);
    const board = (await (await fetch(`${api.url}${leaderboardPath('e2e-burst', 'lung')}`)).json()) as LeaderboardData;
    const tied = board.rows.filter((row) => row.team.slug === movers[0] || row.team.slug === movers[1]);
    expect(tied[0]!.rank).toBe(tied[1]!.rank);
  });

  it('a bare /screen with several events lists them as links', async () => {
    const { page } = browser;
    await page.goto(`${api.url}/screen?lang=en`);
    await page.waitForSelector('[data-testid="event-list"]');
    const links = await page.$$eval('[data-testid="event-list"] a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links.sort()).toEqual(['?event=e2e-burst&lang=en', '?event=e2e-six&lang=en']);
  });

  it('an unknown event shows only the error, with the list of events', async () => {
    const { page } = browser;
    await page.goto(`${api.url}/screen?event=nope&lang=en`);
    await page.waitForSelector('[data-testid="event-list"]');
    await page.waitForTimeout(11_000); // past the 10 s after which a screen that is not live says so
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'unknown-event-en-1920.png') });
    expect(await page.textContent('[data-testid="problem"]')).toContain('nope');
    expect(await page.textContent('h1')).toBe('');
    expect(await page.$('[data-testid="health"]')).toBeNull();
    expect(await page.$('[data-testid="stale-banner"]')).toBeNull();
    expect(await page.textContent('body')).not.toContain('Latest submissions');
  });

  it('on a phone, suggests the team view instead of a letterboxed stage', async () => {
    const phone = await launchBrowser(PHONE);
    try {
      await phone.page.goto(`${api.url}/screen?event=e2e-six&lang=en`);
      await phone.page.waitForSelector('[data-testid="phone-notice"]');
      await phone.page.screenshot({ path: join(ARTIFACTS_DIR, 'screen-en-phone.png') });
      expect(await phone.page.getAttribute('[data-testid="phone-notice"] a', 'href')).toBe(`${api.url}/team?event=e2e-six`);
      // "Show anyway" still gives the venue screen.
      await phone.page.click('[data-testid="phone-notice"] button');
      await phone.page.waitForSelector('[data-scene]');
    } finally {
      await phone.close();
    }
  });
});
