// Dev-only visual check: `npm run build && npm run screenshots [-- --out DIR]`. Shoots every scene
// against the demo feed at 1920x1080 and 3840x2160, in French and English. Not a test: look at them.
import { mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { startDemoFeed, type DemoFeed, type DemoOptions } from './demo-feed.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: '/tmp/scoreboard-shots' }, only: { type: 'string' } } });
const OUT = values.out!;
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

await mkdir(OUT, { recursive: true });
const context = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'podium-shots-')), {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: SIZES[0],
});
const page = context.pages()[0] ?? (await context.newPage());
page.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') console.log(`  [browser ${m.type()}] ${m.text()}`);
});
page.on('pageerror', (e) => console.log(`  [page error] ${e.message}`));

let port = 4300;
async function withDemo(options: DemoOptions, run: (demo: DemoFeed) => Promise<void>): Promise<void> {
  const demo = await startDemoFeed(port++, options);
  try {
    await run(demo);
  } finally {
    await demo.stop();
  }
}

async function shoot(demo: DemoFeed, name: string, query: string, opts: { sizes?: typeof SIZES; langs?: ('fr' | 'en')[]; before?: (page: Page) => Promise<void>; waitMs?: number } = {}) {
  if (values.only && !name.includes(values.only)) return;
  for (const size of opts.sizes ?? SIZES) {
    for (const lang of opts.langs ?? ['fr', 'en']) {
      await page.setViewportSize(size);
      await page.goto(`${demo.url}/screen/?event=jfr-2019&lang=${lang}&${query}`);
      await page.waitForSelector('[data-live="live"]', { timeout: 10_000 });
      await pause(opts.waitMs ?? 1200);
      if (opts.before) await opts.before(page);
      const file = join(OUT, `${name}-${lang}-${size.width}.png`);
      await page.screenshot({ path: file });
      console.log(file);
    }
  }
}

await withDemo({}, async (demo) => {
  await shoot(demo, 'leaderboard-lung', 'scene=leaderboard&task=lung');
  await shoot(demo, 'leaderboard-sarcopenia', 'scene=leaderboard&task=sarcopenia', { sizes: [SIZES[0]] });
  await shoot(demo, 'overview', 'scene=overview');
  await shoot(demo, 'race-lung', 'scene=race&task=lung', { waitMs: 2000 });
  await shoot(demo, 'race-sarcopenia', 'scene=race&task=sarcopenia', { sizes: [SIZES[0]], langs: ['fr'], waitMs: 2000 });
  await shoot(demo, 'ticker', 'scene=ticker', {
    before: async () => {
      demo.submit('lung', 'owkin');
      await pause(800);
    },
  });
  await shoot(demo, 'countdown', 'scene=countdown');
  await shoot(demo, 'new-leader', 'scene=leaderboard&task=lung', {
    sizes: [SIZES[0]],
    before: async () => {
      demo.takeLead('lung', 'nantes-deep-radiology');
      await pause(1300);
    },
  });
  await shoot(demo, 'announcement', 'scene=leaderboard&task=ms', {
    sizes: [SIZES[0]],
    langs: ['fr'],
    before: async () => {
      demo.announce({ en: 'Sarcopenia test set: download again, file v2 fixes 3 cases.', fr: 'Sarcopénie : retéléchargez le jeu de test, le fichier v2 corrige 3 cas.' }, 'important');
      await pause(900);
    },
  });
});

// Main-thread cost of a live update with 20 rows (frame in -> DOM updated, glides started), by kind.
await withDemo({}, async (demo) => {
  if (values.only && !'perf'.includes(values.only)) return;
  await page.setViewportSize(SIZES[0]);
  await page.goto(`${demo.url}/screen/?event=jfr-2019&lang=fr&scene=leaderboard&task=lung`);
  await page.waitForSelector('[data-live="live"]');
  await pause(1000);
  for (let i = 0; i < 30; i++) {
    demo.submit('lung');
    await pause(250);
  }
  await pause(500);
  const updates = await page.evaluate(() =>
    (performance.getEntriesByName('podium:screen-update') as PerformanceMeasure[]).map((e) => ({ kind: (e.detail as { kind: string }).kind, ms: e.duration })),
  );
  for (const kind of ['reorder', 'board', 'other']) {
    const sorted = updates.filter((u) => u.kind === kind).map((u) => u.ms).sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]?.toFixed(2); // nearest rank
    console.log(`update cost, ${kind}, ${sorted.length} updates: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${sorted.at(-1)?.toFixed(2)} ms`);
  }
  demo.takeLead('lung', 'owkin');
  await pause(200);
  const gliding = await page.evaluate(() => [...document.querySelectorAll('ol.rows > li')].filter((li) => li.getAnimations().some((a) => a instanceof CSSTransition && a.transitionProperty === 'transform')).length);
  console.log(`rows gliding 200 ms after a new leader: ${gliding}`);
});

await withDemo({ lungClosesInMinutes: 7 }, async (demo) => {
  await shoot(demo, 'countdown-urgent-lung', 'scene=countdown&task=lung');
  await shoot(demo, 'leaderboard-urgent', 'scene=leaderboard&task=lung', { sizes: [SIZES[0]], langs: ['fr'] });
});

await withDemo({ frozen: true, lungClosesInMinutes: 12 }, async (demo) => {
  await shoot(demo, 'frozen-leaderboard', 'scene=leaderboard&task=lung');
  await shoot(demo, 'frozen-ticker', 'scene=ticker', { sizes: [SIZES[0]], langs: ['en'], before: async () => { demo.submit('lung'); await pause(600); } });
});

await withDemo({ teams: 24, history: 200 }, async (demo) => {
  await shoot(demo, 'page-2-of-2', 'scene=leaderboard&task=lung', { sizes: [SIZES[0]], langs: ['fr'], waitMs: 12_600 });
});

await withDemo({}, async (demo) => {
  await shoot(demo, 'stale', 'scene=leaderboard&task=lung', {
    sizes: [SIZES[0]],
    langs: ['fr'],
    before: async () => {
      await demo.server.close();
      await pause(11_500);
    },
  });
});

await context.close();
