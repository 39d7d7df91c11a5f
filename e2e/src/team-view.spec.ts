// The team view on phones (375x667 and 390x844), real Chromium against the real built API: sign-in
// through a QR link, live submission status, a rejection's problems, quota after a 429, the
// freeze, a server restart - and that team A's page and feed carry nothing of team B's submissions
// or post-freeze results (raw HTTP responses and websocket frames captured).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SubmissionDetails, TeamMeResponse } from '@podium/contracts';
import { waitFor } from '@podium/test-support';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiProcess } from './harness/api-process.js';
import { launchBrowser, type Browser } from './harness/browser.js';
import { lungPredictionCsv, msPredictionCsv } from './harness/live-event.js';
import { ARTIFACTS_DIR } from './harness/paths.js';
import { waitSettled } from './harness/submissions.js';
import { LUNG_QUOTA, TEAM_EVENT_TEAMS, teamEventBundle } from './harness/team-event.js';

const PHONES = [
  { width: 375, height: 667 },
  { width: 390, height: 844 },
] as const;

let api: ApiProcess;

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  api = await ApiProcess.start();
});
afterAll(async () => {
  await api?.dispose();
});

async function importEvent(slug: string, freezeInMs?: number): Promise<Map<string, string>> {
  const imported = await api.importBundle(teamEventBundle(slug, Date.now(), freezeInMs));
  return new Map(imported.teams.map((team) => [team.slug, team.token]));
}

/** An upload as a file with a name (the team view shows file names: the leak test looks for them). */
async function submitFile(token: string, event: string, task: string, fileName: string, csv: string): Promise<string> {
  const res = await fetch(`${api.url}/api/events/${event}/tasks/${task}/submissions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv', 'X-File-Name': fileName },
    body: csv,
  });
  const body = await res.text();
  if (res.status !== 202) throw new Error(`${fileName} answered ${res.status}: ${body}`);
  return (JSON.parse(body) as { id: string }).id;
}

async function settle(token: string, id: string): Promise<SubmissionDetails> {
  return waitFor(
    async () => {
      const details = (await (await fetch(`${api.url}/api/submissions/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as SubmissionDetails;
      return details.status !== 'queued' && details.status !== 'scoring' && details;
    },
    `submission ${id} to settle`,
    { timeoutMs: 120_000, intervalMs: 50 },
  );
}

async function me(token: string): Promise<TeamMeResponse> {
  return (await (await fetch(`${api.url}/api/teams/me`, { headers: { Authorization: `Bearer ${token}` } })).json()) as TeamMeResponse;
}

/** Nothing wider than the phone: the page never scrolls sideways. */
async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, 'page wider than the phone').toBeLessThanOrEqual(innerWidth);
}

/** Every visible control is at least 44x44 CSS pixels. */
async function expectTapTargets(page: Page): Promise<void> {
  const small = await page.$$eval('button, label.button, input:not([type=file]):not(.sr-only)', (elements) =>
    elements
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height > 0 && (box.width < 44 || box.height < 44))
      .map(({ element, box }) => `${element.outerHTML.slice(0, 80)} ${Math.round(box.width)}x${Math.round(box.height)}`),
  );
  expect(small, 'tap targets under 44 px').toEqual([]);
}

/**
 * The state of the team view's service worker once one is active, waiting at most 60 s (the page
 * retries a failed install every 30 s); otherwise what the registrations hold, for the failure message.
 */
async function offlineShellState(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const active = await Promise.race([navigator.serviceWorker.ready.then((registration) => registration.active?.state ?? 'none'), new Promise<null>((resolve) => setTimeout(() => resolve(null), 60_000))]);
    if (active) return active;
    const registrations = await navigator.serviceWorker.getRegistrations();
    const workers = registrations.map((r) => `${r.scope}: installing=${r.installing?.state ?? '-'} waiting=${r.waiting?.state ?? '-'} active=${r.active?.state ?? '-'}`);
    return `no active service worker after 60 s (${workers.join('; ') || 'no registration'}; controller ${navigator.serviceWorker.controller ? 'set' : 'none'})`;
  });
}

async function waitLive(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="live-status"][data-live="live"]', { timeout: 20_000 });
}

const card = (task: string) => `[data-testid="task-card"][data-task="${task}"]`;

/** Statuses each submission row of the page showed, in order (recorded in the page, no polling). */
async function recordStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __statuses: Record<string, string[]>; __noReload: boolean };
    w.__statuses = {};
    w.__noReload = true;
    const note = () => {
      for (const row of document.querySelectorAll('[data-testid="submission"]')) {
        const id = row.getAttribute('data-id') ?? '';
        const status = row.getAttribute('data-status') ?? '';
        const seen = (w.__statuses[id] ??= []);
        if (seen.at(-1) !== status) seen.push(status);
      }
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    note();
  });
}

const statusesOf = (page: Page, id: string) => page.evaluate((id) => (window as unknown as { __statuses: Record<string, string[]> }).__statuses[id] ?? [], id);
const noReload = (page: Page) => page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);

async function pickFile(page: Page, task: string, name: string, csv: string): Promise<void> {
  await page.setInputFiles(`${card(task)} [data-testid="file-input"]`, { name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
}

/** HH:MM on the venue's clock, as the page writes it in English. */
const venueTime = (iso: string) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Europe/Paris' }).format(new Date(iso));

describe.each(PHONES)('team view at $width x $height', (viewport) => {
  const event = `team-e2e-${viewport.width}`;
  let tokens: Map<string, string>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    tokens = await importEvent(event);
    // Every other team has a first score on both tasks: the board around alpha has rows.
    await Promise.all(
      TEAM_EVENT_TEAMS.slice(1).flatMap((team, i) => [
        (async () => settle(tokens.get(team.slug)!, await submitFile(tokens.get(team.slug)!, event, 'lung', 'lung.csv', lungPredictionCsv(0.05 + i * 0.1, 10 + i))))(),
        (async () => settle(tokens.get(team.slug)!, await submitFile(tokens.get(team.slug)!, event, 'ms', 'ms.csv', msPredictionCsv(1 + i, 20 + i))))(),
      ]),
    );
    browser = await launchBrowser(viewport);
    page = browser.page;
    await browser.context.addInitScript(() => Object.defineProperty(navigator, 'language', { get: () => 'en-GB' }));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('says plainly that a wrong token is wrong, then signs in through a QR link and takes the token out of the address', async () => {
    await page.goto(`${api.url}/team/#token=not-a-real-token-123`);
    await page.waitForSelector('[data-testid="sign-in-error"]');
    expect(await page.textContent('[data-testid="sign-in-error"]')).toMatch(/not recognised/);
    expect(page.url()).not.toContain('not-a-real-token');
    await expectNoHorizontalScroll(page);
    await expectTapTargets(page);
    await page.screenshot({ path: join(ARTIFACTS_DIR, `team-signin-en-${viewport.width}.png`) });
    await page.click('[data-testid="lang-switch"]');
    expect(await page.textContent('[data-testid="sign-in-error"]')).toMatch(/pas reconnu/);
    await page.screenshot({ path: join(ARTIFACTS_DIR, `team-signin-fr-${viewport.width}.png`) });
    await page.click('[data-testid="lang-switch"]');

    const token = tokens.get('alpha')!;
    // Served under the API's strict policy (no inline script, no eval): violations would show as errors below.
    expect((await fetch(`${api.url}/team/`)).headers.get('content-security-policy')).toContain("script-src 'self'");
    // The page is already at /team/: only the fragment changes (a QR link opened on an open page).
    await page.goto(`${api.url}/team/#token=${token}`);
    await page.waitForSelector('[data-testid="team-name"]');
    expect(await page.textContent('[data-testid="team-name"]')).toBe('Alpha Radiologie');
    expect(page.url()).toBe(`${api.url}/team/`);
    expect(await page.evaluate(() => location.hash)).toBe('');
    await waitLive(page);
    // Remembered on the device: a plain visit later is still signed in.
    await page.goto(`${api.url}/team/`);
    await page.waitForSelector('[data-testid="team-name"]');
    await waitLive(page);
    expect(await page.$$eval('[data-testid="task-card"]', (cards) => cards.map((c) => c.getAttribute('data-task')))).toEqual(['lung', 'ms']);
    await expectNoHorizontalScroll(page);
    await expectTapTargets(page);
    // Installable: the manifest and every icon it names load from the page.
    const installable = await page.evaluate(async () => {
      const href = (document.querySelector('link[rel="manifest"]') as HTMLLinkElement).href;
      const manifest = (await (await fetch(href)).json()) as { start_url: string; icons: { src: string; type: string }[] };
      const icons = await Promise.all(manifest.icons.map(async (icon) => (await fetch(new URL(icon.src, href))).headers.get('content-type')));
      return { href, start: manifest.start_url, icons };
    });
    expect(installable).toEqual({ href: `${api.url}/team/manifest.webmanifest`, start: '/team/', icons: [expect.stringMatching(/svg/), 'image/png', 'image/png'] });
    // The wrong token's 401 is logged by Chromium as a failed resource; anything else is a bug.
    expect(browser.errors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });

  it("moves a submission from queued to scored without a reload, and tells the team its new rank", async () => {
    await recordStatuses(page);
    await pickFile(page, 'lung', 'alpha-lung-1.csv', lungPredictionCsv(0.3, 101));
    const row = await page.waitForSelector(`${card('lung')} [data-testid="submission"][data-status="scored"]`, { timeout: 30_000 });
    const id = (await row.getAttribute('data-id'))!;
    const seen = await statusesOf(page, id);
    console.info(`[${viewport.width}] statuses shown for ${id}: ${seen.join(' -> ')}`);
    expect(seen[0]).toBe('queued');
    expect(seen.at(-1)).toBe('scored');
    expect(await noReload(page)).toBe(true);
    const server = (await me(tokens.get('alpha')!)).tasks.find((t) => t.task === 'lung')!;
    await page.waitForFunction((rank) => document.querySelector('[data-task="lung"] [data-testid="rank"] [data-rank]')?.getAttribute('data-rank') === String(rank), server.rank);
    const message = await page.waitForSelector('[data-testid="rank-message"][data-task="lung"]');
    expect(await message.textContent()).toMatch(new RegExp(`entered the board at ${server.rank}\\w\\w on Lung`));
    const best = await page.textContent(`${card('lung')} [data-testid="best-score"] [data-score="auc"]`);
    expect(best).toBe(server.bestScores!.auc!.toFixed(3));
    await expectNoHorizontalScroll(page);
  });

  it('lists every problem of a rejection with its line, grouped, the rest behind a tap', async () => {
    const lines = ['examen_id,probability', 'L001,abc', 'L002,1.7', 'L003,zero', 'L004,0,5x', 'L005,nan?', 'L006,-3', ...Array.from({ length: 34 }, (_, i) => `L${String(i + 7).padStart(3, '0')},0.5`)];
    await pickFile(page, 'lung', 'alpha-broken.csv', lines.join('\n') + '\n');
    const row = await page.waitForSelector(`${card('lung')} [data-testid="submission"][data-status="rejected"]`, { timeout: 30_000 });
    const problems = await row.$$eval('[data-testid="problem"]', (items) => items.map((item) => ({ line: item.getAttribute('data-line'), text: item.textContent ?? '' })));
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems.filter((p) => p.line)) expect(problem.text).toContain(`line ${problem.line}`);
    const details = (await me(tokens.get('alpha')!)).tasks.find((t) => t.task === 'lung')!.submissions.find((s) => s.status === 'rejected')!;
    const more = await row.$('[data-testid="problems-more"]');
    if (more) {
      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-status="rejected"] [data-testid="problem"]').length === n, details.problems.length);
    }
    const shown = await row.$$eval('[data-testid="problem"]', (items) => items.map((item) => item.getAttribute('data-line')));
    // Grouped by kind on the page, so compare as sets: every problem the server found is shown.
    expect([...shown].sort()).toEqual(details.problems.map((p) => (p.line === undefined ? '' : String(p.line))).sort());
    expect(shown).toContain('2');
    await expectNoHorizontalScroll(page);
    await expectTapTargets(page);
  });

  it('shows the quota counter and the next-slot time after a 429', async () => {
    await pickFile(page, 'lung', 'alpha-lung-best.csv', lungPredictionCsv(1, 102));
    await page.waitForFunction(() => document.querySelectorAll('[data-task="lung"] [data-testid="submission"][data-status="scored"]').length === 2, undefined, { timeout: 30_000 });
    const up = await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="rank-message"][data-task="lung"]')].map((m) => m.textContent ?? '').find((t) => t.includes('moved up')));
    expect(await up.jsonValue()).toMatch(/You moved up to 1st on Lung/);

    await pickFile(page, 'lung', 'alpha-lung-3.csv', lungPredictionCsv(0.2, 103));
    const answer = await page.waitForSelector(`${card('lung')} [data-testid="upload-answer"]:has-text("Quota")`, { timeout: 20_000 });
    const quota = (await me(tokens.get('alpha')!)).tasks.find((t) => t.task === 'lung')!.quota;
    expect(quota.used).toBe(LUNG_QUOTA);
    expect(quota.remaining).toBe(0);
    const next = venueTime(quota.nextSlotAt!);
    expect(await answer.textContent()).toBe(`Quota reached: next try at ${next}.`);
    await page.waitForSelector(`${card('lung')} [data-testid="quota"][data-remaining="0"]`);
    expect(await page.textContent(`${card('lung')} [data-testid="quota"]`)).toContain(`Quota used – next try at ${next}`);
    await expectNoHorizontalScroll(page);
  });

  it('reads in French and English (screenshots)', async () => {
    for (const lang of ['en', 'fr'] as const) {
      if ((await page.getAttribute('[data-testid="team-app"]', 'data-lang')) !== lang) await page.click('[data-testid="lang-switch"]');
      await page.waitForSelector(`[data-testid="team-app"][data-lang="${lang}"]`);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      if (lang === 'fr') expect(await page.textContent(`${card('lung')} h2`)).toBe('Poumon');
      await expectNoHorizontalScroll(page);
      await page.screenshot({ path: join(ARTIFACTS_DIR, `team-${lang}-${viewport.width}.png`), fullPage: true });
      await page.screenshot({ path: join(ARTIFACTS_DIR, `team-top-${lang}-${viewport.width}.png`) });
    }
    await page.click('[data-testid="lang-switch"]');
    await page.waitForSelector('[data-testid="team-app"][data-lang="en"]');
    // The smallest phone the issue names: still no sideways scrolling.
    await page.setViewportSize({ width: 360, height: 640 });
    await expectNoHorizontalScroll(page);
    await expectTapTargets(page);
    if (viewport.width === 375) await page.screenshot({ path: join(ARTIFACTS_DIR, 'team-top-en-360.png') });
    await page.setViewportSize(viewport);
  });

  it('survives the server restarting: says it is not live, then resumes without a reload', async () => {
    await recordStatuses(page);
    await api.kill();
    await page.waitForSelector('[data-testid="stale"]', { timeout: 30_000 });
    await page.screenshot({ path: join(ARTIFACTS_DIR, `team-offline-en-${viewport.width}.png`) });
    expect(await page.textContent('[data-testid="team-name"]')).toBe('Alpha Radiologie'); // the last known state stays
    await api.boot();
    await waitLive(page);
    const id = await submitFile(tokens.get('alpha')!, event, 'ms', 'alpha-ms-after-restart.csv', msPredictionCsv(0.4, 104));
    await page.waitForSelector(`[data-testid="submission"][data-id="${id}"][data-status="scored"]`, { timeout: 30_000 });
    expect(await noReload(page)).toBe(true);
  });

  it('opens without a network from the offline shell, with the last known state and its age', async () => {
    // The service worker controls the page once installed (it caches the shell and its assets).
    expect(await offlineShellState(page)).toBe('activated');
    const shownRank = await page.getAttribute(`${card('lung')} [data-testid="rank"] [data-rank]`, 'data-rank');
    await api.kill();
    await page.reload();
    await page.waitForSelector('[data-testid="team-name"]');
    const stale = await page.waitForSelector('[data-testid="stale"]', { timeout: 30_000 });
    expect(await stale.textContent()).toMatch(/^Offline – last known state, \d+ (s|min) ago$/);
    expect(await page.getAttribute(`${card('lung')} [data-testid="rank"] [data-rank]`, 'data-rank')).toBe(shownRank);
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: join(ARTIFACTS_DIR, `team-offline-reload-en-${viewport.width}.png`) });
    await api.boot();
    await waitLive(page);
    expect(browser.errors.filter((error) => /CSP violation|page error/.test(error))).toEqual([]);
  });
});

describe.each(PHONES)('freeze and privacy at $width x $height', (viewport) => {
  const event = `team-freeze-${viewport.width}`;
  let browser: Browser;

  afterAll(async () => {
    await browser?.close();
  });

  it("shows the freeze at freeze_at, keeps the team's own post-freeze score, and carries no byte of another team's submissions or post-freeze results", async () => {
    const freezeInMs = 25_000;
    const freezeAt = Math.ceil((Date.now() + freezeInMs) / 1000) * 1000;
    const tokens = await importEvent(event, freezeAt - Date.now());
    const alpha = tokens.get('alpha')!;
    const beta = tokens.get('beta')!;
    // Before the freeze: everyone has a public score; beta also sends a broken file with a secret case id.
    await Promise.all(TEAM_EVENT_TEAMS.map(async (team, i) => settle(tokens.get(team.slug)!, await submitFile(tokens.get(team.slug)!, event, 'ms', `${team.slug}-ms.csv`, msPredictionCsv(1.5 + i * 0.5, 30 + i)))));
    const betaRejected = await settle(beta, await submitFile(beta, event, 'ms', 'beta-private-broken.csv', 'sequence,edss\nBETASECRET42,3\n'));
    expect(betaRejected.status).toBe('rejected');
    const betaBefore = (await me(beta)).tasks.find((t) => t.task === 'ms')!.submissions;

    browser = await launchBrowser(viewport);
    const page = browser.page;
    await browser.context.addInitScript(() => Object.defineProperty(navigator, 'language', { get: () => 'en-US' }));
    const captured: string[] = [];
    page.on('websocket', (ws) => {
      ws.on('framereceived', ({ payload }) => captured.push(typeof payload === 'string' ? payload : payload.toString('utf8')));
    });
    const reading: Promise<void>[] = [];
    page.on('response', (response) => {
      reading.push(
        response.body().then(
          (body) => void captured.push(body.toString('utf8')),
          () => undefined,
        ),
      );
    });
    await page.goto(`${api.url}/team/#token=${alpha}`);
    await waitLive(page);
    expect(Date.now(), 'the freeze passed before the page was up: the machine is too slow for this test').toBeLessThan(freezeAt - 1000);
    expect(await page.$('[data-testid="freeze-message"]')).toBeNull();

    const appearedAt = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const poll = () => (document.querySelector('[data-task="ms"] [data-testid="freeze-message"]') ? resolve(Date.now()) : requestAnimationFrame(poll));
          poll();
        }),
    );
    console.info(`[${viewport.width}] freeze message ${appearedAt - freezeAt} ms after freeze_at`);
    expect(appearedAt).toBeGreaterThanOrEqual(freezeAt - 300);
    expect(await page.textContent('[data-task="ms"] [data-testid="freeze-message"]')).toBe('Board frozen – your own scores still show here');
    expect(await page.$('[data-task="lung"] [data-testid="freeze-message"]')).toBeNull();

    // After the freeze: beta improves (hidden from everyone else), then alpha improves twice.
    const betaAfter = await waitSettled(api.url, beta, await submitFile(beta, event, 'ms', 'beta-after-freeze.csv', msPredictionCsv(0.05, 90)));
    const alphaAfter = await waitSettled(api.url, alpha, await submitFile(alpha, event, 'ms', 'alpha-after-freeze.csv', msPredictionCsv(0.1, 91)));
    await page.waitForSelector(`[data-testid="submission"][data-id="${alphaAfter.id}"][data-status="scored"]`, { timeout: 30_000 });
    const shownScore = await page.textContent(`[data-testid="submission"][data-id="${alphaAfter.id}"] [data-score="mse"]`);
    expect(shownScore).toBe(alphaAfter.scores!.mse!.toFixed(3));
    const best = (await me(alpha)).tasks.find((t) => t.task === 'ms')!;
    await page.waitForFunction(
      (score) => document.querySelector('[data-task="ms"] [data-testid="best-score"] [data-score="mse"]')?.textContent === score,
      best.bestScores!.mse!.toFixed(3),
    );
    expect(best.bestSubmissionId).toBe(alphaAfter.id);
    await page.screenshot({ path: join(ARTIFACTS_DIR, `team-frozen-en-${viewport.width}.png`), fullPage: true });
    // A last upload by alpha: once the page shows it, every frame sent before it (beta's) has arrived.
    const last = await waitSettled(api.url, alpha, await submitFile(alpha, event, 'ms', 'alpha-last.csv', msPredictionCsv(0.3, 92)));
    await page.waitForSelector(`[data-testid="submission"][data-id="${last.id}"][data-status="scored"]`, { timeout: 30_000 });
    await Promise.all(reading);
    captured.push(await page.content(), JSON.stringify(await page.evaluate(() => ({ ...localStorage }))));

    const everything = captured.join('\n');
    expect(everything).toContain(alphaAfter.id); // the capture works: alpha's own post-freeze upload is there
    // Ids are short numbers: look for them as ids, not as any digits.
    const secrets = [
      `"submissionId":"${betaAfter.id}"`,
      `"id":"${betaAfter.id}"`,
      `"bestSubmissionId":"${betaAfter.id}"`,
      betaAfter.sha256,
      'beta-after-freeze.csv',
      JSON.stringify(betaAfter.scores!.mse),
      betaRejected.sha256,
      'beta-private-broken.csv',
      'BETASECRET42',
      ...betaBefore.flatMap((s) => [s.sha256, s.fileName]),
    ];
    for (const secret of secrets) expect(everything.includes(secret), `team A received ${secret}`).toBe(false);
    expect(browser.errors.filter((error) => /CSP violation|page error/.test(error))).toEqual([]);
    console.info(`[${viewport.width}] leak check: ${captured.length} responses and frames, ${everything.length} bytes, none holds any of ${secrets.length} secrets of team B`);
  });
});
