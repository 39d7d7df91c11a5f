// The morning after, on the real API: two jurors verify, the organiser finalizes, rehearses the
// prize ceremony on a jury screen (the public screen and its raw frames see nothing of it), then
// runs the official ceremony from the console; the public screen shows each step in order and no
// earlier (a server restart mid-ceremony included), and public REST answers and raw public frames
// captured before each step hold no final score not yet revealed. Screenshots of the ceremony scene at 1080p and 4K, in FR and EN.
import { join } from 'node:path';
import type { CeremonyResponse, JuryBoardResponse, LeaderboardData } from '@podium/contracts';
import { buildBundleZip } from '@podium/event-bundle';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiProcess, E2E_ADMIN_TOKEN } from './harness/api-process.js';
import { HD, UHD, launchBrowser, type Browser } from './harness/browser.js';
import { JURY, TEAM_NAMES, iso, lungAnswerKeyCsv, lungPredictionCsv, teamSlug } from './harness/live-event.js';
import { ARTIFACTS_DIR } from './harness/paths.js';
import { inBatches, submitCsv, waitSettled } from './harness/submissions.js';

const EVENT = 'e2e-ceremony';
const PASSWORD = { organiser: 'correct horse battery staple', juror: 'juror password 2026!' };
const TABLET = { width: 1024, height: 768 };
/** Six teams; two send the very same file (ex-aequo); Paris Students is the student team. */
const TEAMS = TEAM_NAMES.slice(0, 6);
const SKILLS = [0.2, 0.45, 0.1, 0.45, 0.3, 0.35];
const SEEDS = [11, 12, 13, 12, 15, 16];
const CLOSE_IN_MS = 50_000;

let api: ApiProcess;
let browser: Browser;
let closesAt: number;
const tokens = new Map<string, string>();
const jury: Record<'organiser' | 'juror', string> = { organiser: '', juror: '' };

function bundle(now: Date): Uint8Array {
  const teams = TEAMS.map((name) => `  - { slug: ${teamSlug(name)}, name: ${JSON.stringify(name)}${name === 'Paris Students' ? ', category: student' : ''} }`).join('\n');
  const yaml = `slug: ${EVENT}
title: { en: "Podium e2e - prize ceremony", fr: "Podium e2e - remise des prix" }
timezone: Europe/Paris
teams:
${teams}
jury:
  - { login: ${JURY.organiser.login}, name: "${JURY.organiser.name}", role: organiser }
  - { login: ${JURY.juror.login}, name: "${JURY.juror.name}", role: juror }
tasks:
  - slug: lung
    title: { en: "Lung CT: nodule >= 100 mm3", fr: "Scanner thoracique : nodule >= 100 mm3" }
    opens_at: ${iso(new Date(now.getTime() - 30 * 60_000))}
    closes_at: ${iso(new Date(closesAt))}
    leaderboard: best
    precision: 3
    answer_key: keys/lung.csv
    submission:
      table:
        id: examen_id
        columns: { probability: { type: number, min: 0, max: 1 } }
    scores:
      - { name: auc, metric: auc, truth: status, prediction: probability }
prizes:
  - { task: lung, places: [1, 2, 3], title: { en: "Lung CT prize", fr: "Prix scanner thoracique" } }
  - { task: lung, category: student, title: { en: "Best student team", fr: "Meilleure équipe étudiante" } }
`;
  return buildBundleZip({ 'event.yaml': yaml, 'keys/lung.csv': lungAnswerKeyCsv() });
}

async function call(method: string, path: string, options: { token?: string; body?: unknown; admin?: boolean } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
  if (options.admin) headers['Authorization'] = `Bearer ${E2E_ADMIN_TOKEN}`;
  return fetch(`${api.url}${path}`, { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
}

async function expectStatus(res: Promise<Response>, status: number): Promise<unknown> {
  const answer = await res;
  const text = await answer.text();
  if (answer.status !== status) throw new Error(`${answer.url} answered ${answer.status}, expected ${status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A page whose every websocket frame received is kept, raw (open it before `goto`). */
async function recordedPage(viewport = HD): Promise<{ page: Page; frames: string[] }> {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (frame) => frames.push(String(frame.payload))));
  return { page, frames };
}

/** Every `data-step` the ceremony scene showed, in order (an observer installed in the page). */
async function watchSteps(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenSteps: string[] }).seenSteps = seen;
    const note = () => {
      const step = document.querySelector('[data-testid="ceremony-scene"]')?.getAttribute('data-step') ?? '';
      if (step && seen.at(-1) !== step) seen.push(step);
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-step'] });
  });
}
/** Waits until the scene's CSS animations (arrival, burst, podium rise) are over: shots show the settled screen. */
const settled = (page: Page) =>
  page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
const seenSteps = (page: Page) => page.evaluate(() => (window as unknown as { seenSteps: string[] }).seenSteps);
const sceneStep = (page: Page) => page.getAttribute('[data-testid="ceremony-scene"]', 'data-step');

function screenUrl(extra: string): string {
  return `${api.url}/screen/?event=${EVENT}&scene=ceremony&${extra}`;
}

async function openCeremonyConsole(page: Page): Promise<void> {
  await page.goto(`${api.url}/jury/?event=${EVENT}&lang=en`);
  await page.waitForSelector('[data-testid="signin-form"]');
  await page.fill('input[name="login"]', JURY.organiser.login);
  await page.fill('input[name="password"]', PASSWORD.organiser);
  await page.click('[data-testid="signin-form"] button[type="submit"]');
  await page.waitForSelector('[data-testid="boards-view"]');
  await page.click('nav a[data-view="ceremony"]');
  await page.waitForSelector('[data-testid="ceremony-view"]');
}

async function startFromConsole(page: Page, mode: 'rehearsal' | 'official'): Promise<void> {
  await page.waitForSelector('[data-testid="ceremony-view"]:not([data-status="running"])');
  await page.check('input[name="ceremony-task"][value="lung"]');
  await page.check(`input[name="ceremony-mode"][value="${mode}"]`);
  await page.click('[data-testid="ceremony-start"]');
  await page.waitForSelector('[data-testid="ceremony-view"][data-status="running"]');
}

async function ceremonyView(): Promise<CeremonyResponse> {
  return (await expectStatus(call('GET', `/api/jury/events/${EVENT}/ceremony`, { token: jury.organiser }), 200)) as CeremonyResponse;
}

beforeAll(async () => {
  api = await ApiProcess.start();
  const now = new Date();
  closesAt = Math.ceil((now.getTime() + CLOSE_IN_MS) / 1000) * 1000;
  const imported = await api.importBundle(bundle(now));
  for (const team of imported.teams) tokens.set(team.slug, team.token);
  for (const [who, password] of [[JURY.organiser.login, PASSWORD.organiser], [JURY.juror.login, PASSWORD.juror]] as const) {
    await expectStatus(call('POST', `/api/admin/events/${EVENT}/jury/${who}/password`, { admin: true, body: { password } }), 204);
  }
  await inBatches(
    TEAMS.map((name, i) => async () => {
      const token = tokens.get(teamSlug(name))!;
      return waitSettled(api.url, token, (await submitCsv(api.url, token, EVENT, 'lung', lungPredictionCsv(SKILLS[i]!, SEEDS[i]!))).id);
    }),
    3,
  );
  for (const [role, login, password] of [['organiser', JURY.organiser.login, PASSWORD.organiser], ['juror', JURY.juror.login, PASSWORD.juror]] as const) {
    jury[role] = ((await expectStatus(call('POST', '/api/jury/session', { body: { event: EVENT, login, password } }), 201)) as { token: string }).token;
  }
  browser = await launchBrowser(HD);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.dispose();
});

describe('the prize ceremony, the morning after', () => {
  let finalScores: number[] = [];

  it('refuses to start before the task is finalized; two jurors verify and the organiser finalizes after the close', async () => {
    const refused = (await expectStatus(call('POST', `/api/jury/events/${EVENT}/ceremony`, { token: jury.organiser, body: { tasks: ['lung'], rehearsal: false } }), 409)) as {
      problems: { code: string }[];
    };
    expect(refused.problems.map((p) => p.code)).toEqual(['ceremony.not_finalized']);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, closesAt - Date.now() + 1500)));
    for (const token of [jury.juror, jury.organiser]) await expectStatus(call('POST', `/api/jury/events/${EVENT}/tasks/lung/verifications`, { token, body: {} }), 201);
    await expectStatus(call('POST', `/api/jury/events/${EVENT}/tasks/lung/finalize`, { token: jury.organiser, body: { reason: 'Checked by two' } }), 200);
    // The final scores (private split) the public has never seen: what must not leak before its step.
    const board = (await expectStatus(call('GET', `/api/jury/events/${EVENT}/tasks/lung/board`, { token: jury.organiser }), 200)) as JuryBoardResponse;
    const publicValues = new Set(board.rows.map((r) => r.scores.public?.['auc']));
    finalScores = [...new Set(board.rows.map((r) => r.scores.private?.['auc']).filter((v): v is number => typeof v === 'number' && !publicValues.has(v)))];
    expect(finalScores.length).toBeGreaterThan(3);
  }, 120_000);

  it('a rehearsal reaches the jury screen opened with rehearsal=1 only; the public screen and its frames see nothing', async () => {
    const { page } = browser;
    await openCeremonyConsole(page);
    const pub = await recordedPage();
    await pub.page.goto(screenUrl('lang=en'));
    await pub.page.waitForSelector('[data-testid="ceremony-scene"][data-phase="waiting"]');
    await pub.page.waitForSelector('[data-live="live"]');
    // Same browser as the console: the rehearsal screen subscribes with its jury session.
    const rehearsal = await recordedPage();
    await rehearsal.page.goto(screenUrl('lang=en&rehearsal=1'));
    await rehearsal.page.waitForSelector('[data-testid="rehearsal-banner"]');
    await rehearsal.page.waitForSelector('[data-live="live"]');
    await watchSteps(rehearsal.page);

    await startFromConsole(page, 'rehearsal');
    const view = await ceremonyView();
    expect(view.ceremony).toMatchObject({ rehearsal: true, status: 'running', revealed: 0 });
    const steps = view.ceremony!.of;
    for (let i = 1; i <= steps; i++) {
      await page.click('[data-testid="ceremony-next"]');
      await rehearsal.page.waitForSelector(`[data-testid="ceremony-scene"][data-step$="/lung/${i}"][data-phase="revealed"]`, { timeout: 15_000 });
    }
    await page.waitForSelector('[data-testid="ceremony-view"][data-status="done"]');
    expect((await seenSteps(rehearsal.page)).map((s) => Number(s.split('/').at(-1)))).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
    await settled(rehearsal.page);
    await rehearsal.page.screenshot({ path: join(ARTIFACTS_DIR, 'ceremony-rehearsal-1080-en.png') });
    // The public screen is still waiting, and not one rehearsal byte reached it.
    expect(await pub.page.getAttribute('[data-testid="ceremony-scene"]', 'data-phase')).toBe('waiting');
    const raw = pub.frames.join('\n');
    expect(raw).not.toContain('reveal.');
    expect(raw).not.toContain('Best student team');
    for (const value of finalScores) expect(raw).not.toContain(`"auc":${JSON.stringify(value)}`);
    expect(rehearsal.frames.join('\n')).toContain('reveal.step');
    expect((await ceremonyView()).tasks[0]!.revealedAt).toBeNull();
    await rehearsal.page.close();
    await pub.page.close();
  }, 180_000);

  it('the official ceremony: the public screen shows each step in order and no earlier; nothing of a final score leaves before its step', async () => {
    const { page } = browser;
    const pub = await recordedPage();
    await pub.page.goto(screenUrl('lang=en'));
    await pub.page.waitForSelector('[data-testid="ceremony-scene"][data-phase="waiting"]');
    await pub.page.waitForSelector('[data-live="live"]');
    await watchSteps(pub.page);
    await startFromConsole(page, 'official');
    const plan = (await ceremonyView()).ceremony!;
    expect(plan.rehearsal).toBe(false);
    expect(plan.steps.some((s) => s.data.exAequo)).toBe(true);
    await page.setViewportSize(TABLET);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'ceremony-console-tablet-en.png'), fullPage: true });

    const unrevealed = new Set(finalScores);
    let previous = '';
    for (const step of plan.steps) {
      // Before the step: public REST and every raw public frame so far hold no unrevealed final score.
      const rest = await Promise.all(
        [`/api/events/${EVENT}/tasks/lung/leaderboard`, `/api/events/${EVENT}`, `/api/events/${EVENT}/tasks/lung/history`, '/api/teams/me'].map(async (path) =>
          (await call('GET', path, path === '/api/teams/me' ? { token: tokens.get(teamSlug(TEAMS[1]!))! } : {})).text(),
        ),
      );
      const texts = [...rest, pub.frames.join('\n')];
      for (const value of unrevealed) for (const text of texts) expect(text).not.toContain(`"auc":${JSON.stringify(value)}`);
      expect((await sceneStep(pub.page)) ?? '').toBe(previous);
      // The organiser's Next: the button, or the arrow key a presenter's clicker sends.
      if (step.index % 2 === 1) await page.click('[data-testid="ceremony-next"]');
      else await page.keyboard.press('ArrowRight');
      await pub.page.waitForSelector(`[data-testid="ceremony-scene"][data-step$="/lung/${step.index}"]`, { timeout: 15_000 });
      if (step.index === plan.of) {
        await pub.page.waitForSelector('[data-testid="ceremony-buildup"]');
        await pub.page.screenshot({ path: join(ARTIFACTS_DIR, 'ceremony-buildup-1080-en.png') });
      }
      await pub.page.waitForSelector('[data-testid="ceremony-scene"][data-phase="revealed"]', { timeout: 15_000 });
      if (step.data.exAequo) expect(await pub.page.textContent('[data-testid="ex-aequo"]')).toBe('Ex aequo');
      await settled(pub.page);
      await pub.page.screenshot({ path: join(ARTIFACTS_DIR, `ceremony-step-${step.index}-1080-en.png`) });
      for (const team of step.data.teams) unrevealed.delete(team.scores['auc']!);
      previous = (await sceneStep(pub.page)) ?? '';
      if (step.index === 1) {
        // The server dies mid-ceremony and comes back: the ceremony resumes where it was, and
        // the screen, back live, still shows the step it showed (its snapshot carries it).
        await api.kill();
        await pub.page.waitForSelector('.screen:not([data-live="live"])', { timeout: 20_000 });
        await api.boot();
        await pub.page.waitForSelector('.screen[data-live="live"]', { timeout: 30_000 });
        expect(await sceneStep(pub.page)).toBe(previous);
        expect((await ceremonyView()).ceremony).toMatchObject({ status: 'running', revealed: 1 });
      }
    }
    expect((await seenSteps(pub.page)).map((s) => Number(s.split('/').at(-1)))).toEqual(plan.steps.map((s) => s.index));
    await page.waitForSelector('[data-testid="ceremony-view"][data-status="done"]');

    // Revealed: the public board is the final board, and the task says when it was revealed.
    const after = await ceremonyView();
    expect(after.tasks[0]!.revealedAt).not.toBeNull();
    const board = (await expectStatus(call('GET', `/api/events/${EVENT}/tasks/lung/leaderboard`), 200)) as LeaderboardData;
    const juryBoard = (await expectStatus(call('GET', `/api/jury/events/${EVENT}/tasks/lung/board`, { token: jury.organiser }), 200)) as JuryBoardResponse;
    const finalOf = new Map(juryBoard.rows.map((r) => [r.team.slug, r.scores.private?.['auc']]));
    for (const row of board.rows) expect(row.scores['auc']).toBe(finalOf.get(row.team.slug));
    // Refused connections are the console's reconnect attempts while the server was down on purpose.
    expect(browser.errors.filter((e) => !e.includes('status of 401') && !e.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
    await pub.page.close();
    await page.setViewportSize(HD);
  }, 240_000);

  it('shows the ceremony scene readable at 1080p and 4K, in French and English', async () => {
    for (const [size, viewport] of [['1080', HD], ['4k', UHD]] as const) {
      for (const lang of ['en', 'fr'] as const) {
        const shot = await recordedPage(viewport);
        await shot.page.goto(screenUrl(`lang=${lang}`));
        await shot.page.waitForSelector('[data-testid="ceremony-scene"][data-phase="revealed"]');
        await shot.page.waitForSelector('[data-testid="ceremony-podium"]');
        await settled(shot.page);
        const text = (await shot.page.textContent('[data-testid="ceremony-scene"]')) ?? '';
        expect(text).toContain(lang === 'fr' ? 'Prix scanner thoracique' : 'Lung CT prize');
        await shot.page.screenshot({ path: join(ARTIFACTS_DIR, `ceremony-${size}-${lang}.png`) });
        await shot.page.close();
      }
    }
  }, 120_000);
});
