// `npm run demo:simulate`: plays the teams of a (demo) event submitting plausible predictions that
// improve over the round, through the real HTTP API, so the screens have a live round to show.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EventDetails, RotateTeamTokenResponse, TaskDetails } from '@podium/contracts';
import { submissionsPath } from '@podium/contracts';
import { buildDemoSubmission, DEMO_EVENT_SLUG, DEMO_TOKENS_FILE, DEMO_SEED, DEMO_TASK_SLUGS, DEMO_TEAMS, type DemoTaskSlug, demoTeamSkill, demoTruth } from '@podium/demo';
import { DemoFilePool } from '../demo-file-pool.js';
import { EXIT_FAILURE, EXIT_OK, pathFromCwd, type CliContext } from '../cli-context.js';
import { DEFAULT_SERVER, resolveServerUrl } from '../server-url.js';
import { parseCommandArgs, usageError, type CliCommand } from './command.js';

const HELP = `Usage: npm run demo:simulate -- [options]

Plays every team of the demo event submitting improving predictions to a running server,
each team at its own pace within its task quotas, until every task is closed (or --rounds).

Options:
  --server <url>        Podium server (default: $PODIUM_SERVER, else http://localhost:$PORT, else ${DEFAULT_SERVER})
  --event <slug>        event (default ${DEMO_EVENT_SLUG})
  --tokens <file>       team tokens as printed by the server or by \`podium import\` (lines "<team> <token>");
                        default: the file the server keeps in its data directory for the demo
                        ($PODIUM_DATA_DIR or ./data)/${DEMO_TOKENS_FILE}
  --admin-token <t>     instead of --tokens: rotate each team's token with the admin token
                        (default $PODIUM_ADMIN_TOKEN; the teams' previous tokens stop working)
  --speed <factor>      time acceleration (default 60: a quota of 10 per 60 min sends one every 6 s)
  --rounds <n>          stop after n submissions per team and task (default: until the tasks close)
  --tasks <list>        comma-separated task slugs (default: every demo task of the event)
  -h, --help            show this help`;

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'play 20 demo teams submitting improving predictions to a running server',
  help: HELP,
  run: runSimulate,
};

const TOKEN_LINE = /^\s*([a-z0-9][a-z0-9-]*)\s+([A-Za-z0-9_-]{20,})\s*$/;

/** Team tokens from a server banner or an import output: every "<slug> <token>" line. */
export function parseTokenLines(text: string): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = TOKEN_LINE.exec(line);
    if (m) tokens.set(m[1]!, m[2]!);
  }
  return tokens;
}

async function runSimulate(args: string[], ctx: CliContext): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      server: { type: 'string' },
      event: { type: 'string', default: DEMO_EVENT_SLUG },
      tokens: { type: 'string' },
      'admin-token': { type: 'string' },
      speed: { type: 'string', default: '60' },
      rounds: { type: 'string' },
      tasks: { type: 'string' },
    },
    { help: HELP, ctx },
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const usage = (message: string) => usageError(ctx, HELP, message);
  const speed = Number(values.speed);
  if (!Number.isFinite(speed) || speed <= 0) return usage(`--speed must be a positive number, got "${values.speed}".`);
  const rounds = values.rounds === undefined ? Infinity : Number(values.rounds);
  if (!(rounds === Infinity || (Number.isInteger(rounds) && rounds > 0))) return usage(`--rounds must be a positive integer, got "${values.rounds}".`);
  const resolved = resolveServerUrl(values.server, ctx);
  if ('error' in resolved) return usage(resolved.error);
  const server = resolved.url;
  const url = (p: string) => new URL(p, server).href;
  const event = values.event!;

  const detailsRes = await ctx.fetch(url(`/api/events/${encodeURIComponent(event)}`)).catch((error: unknown) => error as Error);
  if (detailsRes instanceof Error || !detailsRes.ok) {
    ctx.stderr(`Cannot read event "${event}" from ${server.origin}: ${detailsRes instanceof Error ? detailsRes.message : `HTTP ${detailsRes.status}`}. Is the server running (npm start)?`);
    return EXIT_FAILURE;
  }
  const details = (await detailsRes.json()) as EventDetails;
  const wanted = values.tasks ? values.tasks.split(',').map((s) => s.trim()) : [...DEMO_TASK_SLUGS];
  const tasks = details.tasks.filter((t) => wanted.includes(t.slug) && (DEMO_TASK_SLUGS as readonly string[]).includes(t.slug));
  if (tasks.length === 0) return usage(`No demo task (${DEMO_TASK_SLUGS.join(', ')}) among the event's tasks (${details.tasks.map((t) => t.slug).join(', ')}).`);

  let tokens: Map<string, string>;
  const admin = values['admin-token'] ?? ctx.env.PODIUM_ADMIN_TOKEN;
  // Without options: the tokens `npm start` kept for the demo, beside its database (same defaults as the server).
  const keptFile = join(resolve(ctx.env.PODIUM_DATA_DIR ?? './data'), DEMO_TOKENS_FILE);
  const kept = values.tokens || admin ? null : parseTokenLines(await readFile(keptFile, 'utf8').catch(() => ''));
  if (values.tokens) {
    const file = pathFromCwd(ctx, values.tokens);
    tokens = parseTokenLines(await readFile(file, 'utf8').catch(() => ''));
    if (tokens.size === 0) return usage(`No "<team> <token>" line in ${file}.`);
  } else if (kept && kept.size > 0) {
    tokens = kept;
    ctx.stdout(`Team tokens from ${keptFile}.`);
  } else {
    if (!admin) {
      return usage(
        `No team tokens: ${keptFile} (written by \`npm start\` when it imports the demo) is missing; pass --tokens <file> (the tokens printed at import) or --admin-token to rotate the teams' tokens.`,
      );
    }
    tokens = new Map();
    for (const team of details.teams) {
      const res = await ctx.fetch(url(`/api/admin/teams/${encodeURIComponent(event)}/${encodeURIComponent(team.slug)}/token`), { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
      if (!res.ok) {
        ctx.stderr(`Cannot rotate the token of ${team.slug}: HTTP ${res.status} ${await res.text()}`);
        return EXIT_FAILURE;
      }
      tokens.set(team.slug, ((await res.json()) as RotateTeamTokenResponse).token);
    }
    ctx.stdout(`Rotated ${tokens.size} team tokens (the previous ones no longer work).`);
  }

  const truth = demoTruth(DEMO_SEED);
  // Keys are unique per run: a retried request within the run is deduplicated, a new run submits anew.
  const run = Date.now().toString(36);
  const teams = details.teams.filter((t) => tokens.has(t.slug));
  ctx.stdout(`Simulating ${teams.length} teams on ${tasks.map((t) => t.slug).join(', ')} at x${speed}. Ctrl-C to stop.`);
  const counts = { accepted: 0, refused: 0 };
  const pool = new DemoFilePool();
  try {
    await Promise.all(
      teams.flatMap((team, i) => {
        const demoIndex = DEMO_TEAMS.findIndex((d) => d.slug === team.slug);
        const index = demoIndex >= 0 ? demoIndex : i % DEMO_TEAMS.length;
        return tasks.map((task) => playTeam(ctx, { run, url, event, task, team: team.slug, token: tokens.get(team.slug)!, index, speed, rounds, truth, counts, pool }));
      }),
    );
  } finally {
    await pool.close();
  }
  ctx.stdout(`Done: ${counts.accepted} submissions accepted, ${counts.refused} refused.`);
  return EXIT_OK;
}

interface Player {
  run: string;
  url: (p: string) => string;
  event: string;
  task: TaskDetails;
  team: string;
  token: string;
  index: number;
  speed: number;
  rounds: number;
  truth: ReturnType<typeof demoTruth>;
  counts: { accepted: number; refused: number };
  pool: DemoFilePool;
}

/** Tasks whose files take seconds of CPU to build: built in worker threads, not on the event loop. */
const HEAVY_TASKS: ReadonlySet<DemoTaskSlug> = new Set(['sarcopenia']);
const SEND_ATTEMPTS = 4;

/** A fetch failure with its cause (`fetch failed` alone says nothing: refused, reset, timed out...). */
export function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const causes: string[] = [];
  for (let cause: unknown = error.cause; cause instanceof Error && causes.length < 3; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    causes.push(typeof code === 'string' && !cause.message.includes(code) ? `${code} ${cause.message}` : cause.message);
  }
  return [error.message, ...causes].join(': ');
}

/** One team on one task: submits about every quota interval (accelerated), better each time. */
async function playTeam(ctx: CliContext, p: Player): Promise<void> {
  const slug = p.task.slug as DemoTaskSlug;
  const quota = p.task.quota;
  // Space submissions so a team uses its quota over the window; teams differ in rhythm.
  const intervalMs = ((quota ? (quota.perMinutes * 60_000) / quota.submissions : 5 * 60_000) * (1 + (p.index % 5) * 0.15)) / p.speed;
  const skill = demoTeamSkill(DEMO_SEED, p.index);
  const build = (attempt: number): Promise<{ fileName: string; bytes: Uint8Array }> =>
    HEAVY_TASKS.has(slug)
      ? p.pool.build({ task: slug, team: p.index, skill, attempt })
      : Promise.resolve(buildDemoSubmission({ task: slug, team: p.index, skill, attempt, truth: p.truth }));
  // The next file is built ahead, while the previous one is sent and the team waits its turn.
  let next = build(0);
  // Attempts lost to unhandled rejections while the team waits are surfaced when awaited.
  next.catch(() => undefined);
  await sleep(Math.min(intervalMs, 2000) * ((p.index * 37) % 20) / 20);
  for (let attempt = 0; attempt < p.rounds; ) {
    const now = Date.now();
    const opens = Date.parse(p.task.clock.opensAt);
    const closes = Date.parse(p.task.clock.closesAt);
    if (now > closes) return;
    if (now < opens) {
      await sleep(Math.min(opens - now, 60_000));
      continue;
    }
    const file = await next;
    const label = `${p.team.padEnd(24)} ${slug.padEnd(10)} #${attempt + 1}`;
    const res = await sendWithRetries(ctx, p, label, `sim-${p.run}-${p.team}-${slug}-${attempt}`, file);
    if (res === null) {
      p.counts.refused++;
    } else if (res.status === 202) {
      p.counts.accepted++;
      ctx.stdout(`${label} received`);
      await res.body?.cancel();
    } else {
      const body = (await res.json().catch(() => ({}))) as { detail?: string };
      ctx.stderr(`${label}: HTTP ${res.status} ${body.detail ?? ''}`);
      if (res.status === 403 || res.status === 401) {
        p.counts.refused++;
        return;
      }
      if (res.status === 429) {
        // Same file, same attempt, once the quota allows it again.
        const wait = Number(res.headers.get('retry-after') ?? 60) * 1000;
        await sleep(Math.min(wait, intervalMs * 4));
        continue;
      }
      p.counts.refused++;
    }
    attempt++;
    if (attempt < p.rounds) {
      next = build(attempt);
      next.catch(() => undefined);
    }
    await sleep(intervalMs * (0.75 + 0.5 * ((attempt * 7919 + p.index * 104729) % 1000) / 1000));
  }
}

/**
 * Sends one submission; a network failure or a 502/503/504 is retried with the same
 * Idempotency-Key (the server counts it once if the first try did arrive). Null when every try failed.
 */
async function sendWithRetries(ctx: CliContext, p: Player, label: string, key: string, file: { fileName: string; bytes: Uint8Array }): Promise<Response | null> {
  for (let attempt = 1; ; attempt++) {
    const form = new FormData();
    form.append('file', new Blob([file.bytes as Uint8Array<ArrayBuffer>]), file.fileName);
    const res = await ctx
      .fetch(p.url(submissionsPath(p.event, p.task.slug)), { method: 'POST', headers: { authorization: `Bearer ${p.token}`, 'idempotency-key': key }, body: form })
      .catch((error: unknown) => error as Error);
    const transient = res instanceof Error || [502, 503, 504].includes(res.status);
    if (!transient) return res;
    const why = res instanceof Error ? describeFetchError(res) : `HTTP ${res.status}`;
    if (attempt >= SEND_ATTEMPTS) {
      ctx.stderr(`${label}: ${why}; gave up after ${attempt} tries`);
      return null;
    }
    if (!(res instanceof Error)) await res.body?.cancel();
    const delay = 500 * 2 ** (attempt - 1);
    ctx.stderr(`${label}: ${why}; retrying in ${delay} ms with the same Idempotency-Key`);
    await sleep(delay);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
