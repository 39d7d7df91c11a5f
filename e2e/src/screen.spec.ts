// The big screen against the real built API: it loads live, moves a row when a score lifts it,
// costs little per update, shows the freeze at freeze_at, and survives a server restart
// without a reload. Figures are printed (and kept in artifacts/measurements.json).
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { LeaderboardData } from '@podium/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardOrder, HD, launchBrowser, UHD, waitLive, type Browser } from './harness/browser.js';
import { liveEventBundle, lungPredictionCsv, msPredictionCsv, TEAM_NAMES, teamSlug } from './harness/live-event.js';
import { ARTIFACTS_DIR } from './harness/paths.js';
import { startRound, type Round } from './harness/round.js';
import {
  percentiles,
  shownRows,
  takeScreenUpdates,
  threadCpuOfUpdates,
  UPDATE_KINDS,
  UPDATE_TRACE_CATEGORIES,
  whenLeading,
  type ScreenUpdate,
  type TraceEvent,
} from './harness/screen-probes.js';
import { submitCsv, waitSettled } from './harness/submissions.js';

const measurements: Record<string, unknown> = {};
const REORDERS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('big screen on the real API', () => {
  let round: Round;
  let browser: Browser;
  const screenUrl = (query: string) => `${round.api.url}/screen?event=${round.event}&${query}`;

  beforeAll(async () => {
    const started = Date.now();
    round = await startRound();
    measurements['roundSeedMs'] = Date.now() - started;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    writeFileSync(join(ARTIFACTS_DIR, 'measurements.json'), JSON.stringify(measurements, null, 2) + '\n');
    await browser?.close();
    await round?.api.dispose();
  });

  it('loads and shows all 20 teams live on one page at 1920x1080', async () => {
    const { page } = browser;
    await page.goto(screenUrl('task=lung&scene=leaderboard&lang=en'));
    await waitLive(page);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="leaderboard"] ol.rows > li[data-key]').length === 20);
    expect(await page.getAttribute('[data-scene]', 'data-scene')).toBe('leaderboard');
    const rows = await shownRows(page);
    expect(rows.map((row) => row.team).sort()).toEqual([...TEAM_NAMES].sort());
    expect(rows.every((row) => row.visible)).toBe(true);
    expect(rows.every((row) => row.submissions === '1')).toBe(true);
    expect(rows[0]!.rank).toBe('1');
    // No scrollbar: the document is exactly the viewport.
    expect(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight])).toEqual([1920, 1080]);
    expect(browser.errors).toEqual([]);
  });

  it('moves a row to the top once it is scored (the delays are printed, not asserted)', async () => {
    const { page } = browser;
    const last = (await boardOrder(page)).at(-1)!;
    const token = round.tokens.get(last)!;
    const moved = whenLeading(page, last, 15_000);
    const sent = await submitCsv(round.api.url, token, round.event, 'lung', lungPredictionCsv(1, 999));
    const settled = await waitSettled(round.api.url, token, sent.id);
    const { at: movedAt, gliding } = await moved;
    const settledAt = Date.parse(settled.settledAt!);
    const fromAccepted = movedAt - sent.acceptedAt;
    const fromScored = movedAt - settledAt;
    // Upload to scored state: the API may finish scoring before the 202 reaches the test.
    const scoring = settledAt - sent.sentAt;
    measurements['rowMove'] = { fromAcceptedMs: fromAccepted, fromScoredMs: fromScored, uploadToScoredMs: scoring };
    console.info(`row move: ${last} first on the screen ${fromAccepted} ms after the 202, ${fromScored} ms after it was scored (upload to scored: ${scoring} ms)`);
    expect((await shownRows(page))[0]).toMatchObject({ rank: '1', submissions: '2' });
    // Rows glide to their new place rather than jump: the climber and every row it passed.
    expect(gliding).toBeGreaterThanOrEqual(2);
    // The new leader gets its moment (a banner that rises over the board).
    const moment = await page.waitForSelector('[data-testid="leader-moment"]', { timeout: 2000 });
    expect(await moment.textContent()).toContain(TEAM_NAMES.find((name) => teamSlug(name) === last));
    await sleep(900);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'leader-moment-en-1920.png') });
  });

  it('measures the main-thread cost of leaderboard updates with 20 rows', async () => {
    const { page } = browser;
    await page.evaluate(() => performance.clearMeasures('podium:screen-update'));
    const updates: ScreenUpdate[] = [];
    // Layout and style passes are counted by the browser: unlike durations, load on the machine does not blur them.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    // A trace beside the measures: each update's main-thread CPU time, which load does not inflate.
    const trace: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', ({ value }) => trace.push(...(value as unknown as TraceEvent[])));
    const traced = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.start', { categories: UPDATE_TRACE_CATEGORIES, transferMode: 'ReportEvents' });
    const startMetrics = await metrics();
    const submit = async (team: string, skill: number, seed: number) => {
      const token = round.tokens.get(team)!;
      const sent = await submitCsv(round.api.url, token, round.event, 'lung', lungPredictionCsv(skill, seed));
      await waitSettled(round.api.url, token, sent.id);
      await sleep(250);
      updates.push(...(await takeScreenUpdates(page)));
    };
    // 20 reorders, so p95 is not simply the worst frame.
    for (let k = 0; k < REORDERS; k++) {
      const order = await boardOrder(page);
      // Teams near the bottom improve one after another: each score reorders the board.
      await submit(order[order.length - 1 - (k % 5)]!, 0.3 + k * 0.01, 500 + k);
      // Every other time a mid-table team sends a worse file: its row changes (submission count), the order does not.
      if (k % 2 === 1) await submit(order[6 + (k % 4)]!, 0, 700 + k);
    }
    const endMetrics = await metrics();
    await cdp.send('Tracing.end');
    await traced;
    await cdp.detach();
    const cpu = threadCpuOfUpdates(trace);
    // Same updates, same order (one measure each); a mismatch leaves the CPU figures out rather than misattributes them.
    const cpuMs = cpu.length === updates.length ? cpu : updates.map(() => Number.NaN);
    const passes = {
      layouts: endMetrics['LayoutCount']! - startMetrics['LayoutCount']!,
      styleRecalcs: endMetrics['RecalcStyleCount']! - startMetrics['RecalcStyleCount']!,
      layoutMs: Math.round((endMetrics['LayoutDuration']! - startMetrics['LayoutDuration']!) * 1000),
      styleMs: Math.round((endMetrics['RecalcStyleDuration']! - startMetrics['RecalcStyleDuration']!) * 1000),
      scriptMs: Math.round((endMetrics['ScriptDuration']! - startMetrics['ScriptDuration']!) * 1000),
    };
    const byKind = Object.fromEntries(UPDATE_KINDS.map((kind) => [kind, percentiles(updates.filter((u) => u.kind === kind).map((u) => u.ms))]));
    const cpuByKind = Object.fromEntries(UPDATE_KINDS.map((kind) => [kind, percentiles(cpuMs.filter((_, i) => updates[i]!.kind === kind))]));
    const line = (s: ReturnType<typeof percentiles>) => `${s.count} frames: p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, max ${s.max.toFixed(2)} ms`;
    measurements['updateCost'] = { rows: 20, unit: 'ms', targetMs: 4, loadAverage: loadavg(), byKind, cpuByKind, frames: updates.map((u, i) => ({ kind: u.kind, ms: Number(u.ms.toFixed(2)), cpuMs: Number(cpuMs[i]!.toFixed(2)) })), browserPasses: passes };
    console.info(`update cost, 20 rows (target <= 4 ms; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}):`);
    for (const kind of UPDATE_KINDS) console.info(`  ${kind.padEnd(7)} ${line(byKind[kind]!)}`);
    console.info(`  main-thread CPU of the task applying each update (Chrome trace, upper bound):`);
    for (const kind of UPDATE_KINDS) console.info(`  ${kind.padEnd(7)} ${line(cpuByKind[kind]!)}`);
    console.info(`  every frame (wall/CPU ms): ${updates.map((u, i) => `${u.kind[0]}${u.ms.toFixed(1)}/${cpuMs[i]!.toFixed(1)}`).join(' ')}`);
    console.info(`  over the ${REORDERS * 1.5} submissions (clock ticks and animations included): ${passes.layouts} layouts (${passes.layoutMs} ms), ${passes.styleRecalcs} style recalcs (${passes.styleMs} ms), ${passes.scriptMs} ms of script`);
    // Every improving submission reordered the board, and the worse files did not.
    expect(byKind['reorder']!.count).toBeGreaterThanOrEqual(REORDERS);
    expect(byKind['board']!.count).toBeGreaterThanOrEqual(1);
    expect(browser.errors).toEqual([]);
  });

  const SCENES = [
    { scene: 'leaderboard', query: 'task=lung&scene=leaderboard', ready: '[data-testid="leaderboard"] ol.rows > li[data-key]' },
    { scene: 'overview', query: 'scene=overview', ready: 'main' },
    { scene: 'race', query: 'task=lung&scene=race', ready: 'main canvas' },
    { scene: 'ticker', query: 'scene=ticker', ready: 'main' },
    { scene: 'countdown', query: 'scene=countdown', ready: 'main' },
  ] as const;

  it('renders every scene at 1920x1080 and 3840x2160 in French and English (screenshots in artifacts/)', async () => {
    const { page } = browser;
    const shots: string[] = [];
    for (const viewport of [HD, UHD]) {
      await page.setViewportSize(viewport);
      for (const lang of ['fr', 'en'] as const) {
        for (const { scene, query, ready } of SCENES) {
          await page.goto(screenUrl(`${query}&lang=${lang}`));
          await waitLive(page);
          await page.waitForSelector(ready);
          expect(await page.getAttribute('[data-scene]', 'data-scene')).toBe(scene);
          // Let entrance animations and the race chart settle before the picture.
          await sleep(scene === 'race' ? 1800 : 900);
          // The same 1920x1080 layout, scaled to fill the screen.
          const box = await page.$eval('[data-scene]', (element) => {
            const rect = element.getBoundingClientRect();
            return { width: Math.round(rect.width), height: Math.round(rect.height) };
          });
          expect(box).toEqual(viewport);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
          const file = join(ARTIFACTS_DIR, `${scene}-${lang}-${viewport.width}.png`);
          await page.screenshot({ path: file });
          shots.push(file);
        }
      }
    }
    await page.setViewportSize(HD);
    console.info(`screenshots: ${shots.length} in ${ARTIFACTS_DIR}`);
    expect(shots).toHaveLength(20);
    expect(browser.errors).toEqual([]);
  });

  it('serves a landing page readable on a phone and a projector, linking the running event', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${round.api.url}/?lang=fr`);
    expect(await page.textContent('h1')).toContain('Podium');
    const section = page.locator(`section[data-event="${round.event}"]`);
    expect(await section.getAttribute('data-status')).toBe('running');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'landing-fr-phone.png'), fullPage: true });
    await page.setViewportSize(HD);
    await page.goto(`${round.api.url}/?lang=en`);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'landing-en-1920.png') });
    await page.click(`section[data-event="${round.event}"] a[data-link="screen"]`);
    await waitLive(page);
    expect(new URL(page.url()).pathname).toBe('/screen');
    await page.goto(`${round.api.url}/?lang=en`);
    await page.click(`section[data-event="${round.event}"] a[href^="/team"]`);
    // The team view (built now): a phone without a token lands on its sign-in.
    await page.waitForSelector('[data-testid="sign-in"]');
    expect(new URL(page.url()).pathname).toBe('/team');
    await page.goto(`${round.api.url}/jury?lang=fr`);
    expect(await page.textContent('[data-testid="signin-form"] h1')).toContain('Connexion du jury');
    expect(browser.errors).toEqual([]);
  });

  it('sends the security headers, and the API docs run under them with no CSP violation', async () => {
    const { page } = browser;
    const screen = await page.goto(screenUrl('task=lung&scene=leaderboard&lang=en'));
    const headers = screen!.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
    await waitLive(page);
    const docs = await page.goto(`${round.api.url}/api/docs`);
    expect(docs!.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.waitForSelector('.swagger-ui .info .title', { timeout: 20_000 });
    await page.waitForSelector('.opblock', { timeout: 20_000 });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'api-docs.png') });
    expect(browser.errors).toEqual([]);
  });

  it('shows the freeze banner at freeze_at, and a later score does not move the public board', async () => {
    const { page } = browser;
    const now = new Date();
    // Whole seconds: the bundle's dates carry no milliseconds.
    const freezeAt = Math.ceil((now.getTime() + 15_000) / 1000) * 1000;
    const imported = await round.api.importBundle(liveEventBundle({ now, slug: 'e2e-freeze', msFreezeAt: new Date(freezeAt) }));
    const tokens = new Map(imported.teams.map((team) => [team.slug, team.token]));
    const seeded = TEAM_NAMES.slice(0, 4).map(teamSlug);
    for (const [i, team] of seeded.entries()) {
      const token = tokens.get(team)!;
      await waitSettled(round.api.url, token, (await submitCsv(round.api.url, token, 'e2e-freeze', 'ms', msPredictionCsv(1 + i, 40 + i))).id);
    }
    await page.goto(`${round.api.url}/screen?event=e2e-freeze&task=ms&scene=leaderboard&lang=en`);
    await waitLive(page);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="leaderboard"] ol.rows > li[data-key]').length === 20);
    expect(Date.now(), 'the freeze passed before the screen was up: the machine is too slow for this test').toBeLessThan(freezeAt - 1000);
    expect(await page.$('[data-testid="freeze-banner"]')).toBeNull();
    const appearedAt = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const poll = () => (document.querySelector('[data-testid="freeze-banner"]') ? resolve(Date.now()) : requestAnimationFrame(poll));
          poll();
        }),
    );
    const lag = appearedAt - freezeAt;
    measurements['freezeBannerLagMs'] = lag;
    console.info(`freeze banner appeared ${lag} ms after freeze_at`);
    // Not before the freeze (the screen's clock follows the server's, within a frame or two); how
    // late is a figure (printed and kept in measurements.json), not an assertion.
    expect(lag).toBeGreaterThanOrEqual(-300);
    expect(await page.textContent('[data-testid="freeze-banner"]')).toMatch(/frozen/i);

    const before = await shownRows(page);
    const lastRanked = seeded.find((slug) => before.at(3)?.team === TEAM_NAMES.find((name) => teamSlug(name) === slug)) ?? seeded[3]!;
    const token = tokens.get(lastRanked)!;
    await waitSettled(round.api.url, token, (await submitCsv(round.api.url, token, 'e2e-freeze', 'ms', msPredictionCsv(0, 77))).id);
    await sleep(1500);
    expect(await shownRows(page)).toEqual(before);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'freeze-banner-en-1920.png') });
    expect(browser.errors).toEqual([]);
  });

  it('recovers after the server restarts, without a reload, and never shows a stale board as live', async () => {
    const { page } = browser;
    await page.goto(screenUrl('task=lung&scene=leaderboard&lang=fr'));
    await waitLive(page);
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    const before = await shownRows(page);

    const killedAt = Date.now();
    await round.api.kill('SIGKILL');
    await page.waitForSelector('[data-live="degraded"], [data-live="stale"]', { timeout: 10_000 });
    const notLiveAfter = Date.now() - killedAt;
    await page.waitForSelector('[data-testid="stale-banner"]', { timeout: 20_000 });
    expect(await page.getAttribute('[data-live]', 'data-live')).toBe('stale');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'stale-fr-1920.png') });

    const bootMs = await round.api.boot();
    const restartedAt = Date.now();
    await waitLive(page, 60_000);
    const liveAgainAfter = Date.now() - restartedAt;
    measurements['restart'] = { notLiveAfterKillMs: notLiveAfter, apiBootMs: bootMs, liveAfterBootMs: liveAgainAfter };
    console.info(`restart: screen not live ${notLiveAfter} ms after the kill; API back in ${bootMs} ms; screen live ${liveAgainAfter} ms later`);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(await page.$('[data-testid="stale-banner"]')).toBeNull();

    // The board matches the server's and what was shown before the crash.
    const board = (await (await fetch(`${round.api.url}/api/events/${round.event}/tasks/lung/leaderboard`)).json()) as LeaderboardData;
    const serverRanks = new Map(board.rows.map((row) => [row.team.name, String(row.rank ?? '–')]));
    const after = await shownRows(page);
    expect(after.map((row) => [row.team, row.rank])).toEqual(after.map((row) => [row.team, serverRanks.get(row.team)]));
    expect(after.map((row) => [row.team, row.rank, row.submissions])).toEqual(before.map((row) => [row.team, row.rank, row.submissions]));

    // And it is live for real: a new score reaches it.
    const last = (await boardOrder(page)).at(-1)!;
    const token = round.tokens.get(last)!;
    const moved = whenLeading(page, last, 15_000);
    const sent = await submitCsv(round.api.url, token, round.event, 'lung', lungPredictionCsv(1, 4242));
    await waitSettled(round.api.url, token, sent.id);
    await moved;
    expect(browser.errors.filter((error) => !/socket\.io|ERR_CONNECTION_REFUSED|Failed to load resource/.test(error))).toEqual([]);
  });
});
