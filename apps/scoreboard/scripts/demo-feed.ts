// Dev-only: a fake Podium server for looking at the screen before the real API exists. Serves the
// built app at /screen/, the two REST reads it makes, and a /live feed with a simulated round.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '@podium/scoring';
import type { EventPublicView, LeaderboardData, RankHistoryResponse, TaskPublicView } from '@podium/contracts';
import { FakeLiveServer, buildFakeClock, buildFakeEvent, buildFakeLeaderboard, buildFakeTeams, type FakeStanding } from '@podium/live-client/testing';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

export const DEMO_TEAMS = [
  'Owkin', 'Therapixel', 'Incepto', 'Gleamer', 'Quantib', 'AP-HP Radiomics', 'CHU Lille IA', 'Institut Curie',
  'Inria Epione', 'Télécom Paris', 'CentraleSupélec', 'Hôpital Cochin', 'ENS Data', 'Mines ParisTech',
  'Université de Bordeaux', 'Hospices Civils de Lyon', 'Polytechnique Visio', 'Sorbonne Imaging', 'IHU Strasbourg', 'Nantes Deep Radiology',
  'Rennes Signal', 'Grenoble Vision', 'Toulouse Onco', 'Marseille Timone',
];

export interface DemoOptions {
  teams?: number;
  /** Minutes until the lung task closes (urgent under 10). */
  lungClosesInMinutes?: number;
  /** Freeze the lung board (frozen at freeze_at, in the past). */
  frozen?: boolean;
  /** Simulated submissions already played before the screen connects. */
  history?: number;
  seed?: number;
}

export interface DemoFeed {
  server: FakeLiveServer;
  url: string;
  event: EventPublicView;
  /** One submission: received, then settled + leaderboard. Returns the new boards. */
  submit(task?: string, team?: string, improve?: number): void;
  /** A team jumps to first place on a task (new-leader moment). */
  takeLead(task: string, team: string): void;
  announce(text: { en: string; fr: string }, level?: 'info' | 'important' | 'urgent'): void;
  freeze(task: string): void;
  stop(): Promise<void>;
}

export async function startDemoFeed(port: number, options: DemoOptions = {}): Promise<DemoFeed> {
  const random = createRng(options.seed ?? 2019, 'screen demo feed').next;
  const start = Date.now();
  let simulatedNow: number | null = null;
  const now = () => new Date(simulatedNow ?? Date.now());

  const teams = buildFakeTeams(DEMO_TEAMS.slice(0, options.teams ?? 20));
  const lungCloses = options.lungClosesInMinutes ?? 45;
  const lung: TaskPublicView = {
    ...taskBase('lung', { en: 'Lung nodules', fr: 'Nodules pulmonaires' }, new Date(start + lungCloses * 60_000 - 120 * 60_000), 120, 20),
    scores: [{ name: 'auc', label: { en: 'AUC', fr: 'AUC' }, better: 'max' }],
  };
  const ms: TaskPublicView = {
    ...taskBase('ms', { en: 'Multiple sclerosis', fr: 'Sclérose en plaques' }, new Date(start - 80 * 60_000), 120, 20),
    scores: [{ name: 'mse', label: { en: 'MSE', fr: 'MSE' }, better: 'min' }],
    precision: 2,
  };
  const sarco: TaskPublicView = {
    ...taskBase('sarcopenia', { en: 'Sarcopenia', fr: 'Sarcopénie' }, new Date(start - 20 * 60_000), 60, 15),
    scores: [
      { name: 'dice', label: { en: 'Dice', fr: 'Dice' }, better: 'max' },
      { name: 'mse', label: { en: 'Area MSE', fr: 'MSE aire' }, better: 'min' },
    ],
    ranking: 'rank_sum',
  };
  const event = buildFakeEvent('jfr-2019', teams, [lung, ms, sarco]);

  // Each team's best values so far, per task.
  const best: Record<string, Map<string, FakeStanding>> = { lung: new Map(), ms: new Map(), sarcopenia: new Map() };
  const boards: Record<string, LeaderboardData> = {};
  const tasks = new Map(event.tasks.map((t) => [t.slug, t]));
  const history: Record<string, { at: string; board: LeaderboardData }[]> = { lung: [], ms: [], sarcopenia: [] };

  const server = new FakeLiveServer({
    event,
    tasks: event.tasks.map((t) => ({ task: t.slug, clock: t.clock, leaderboard: buildFakeLeaderboard(t, [], null, new Date(start).toISOString()) })),
    heartbeatMs: 10_000,
    now,
    onRequest: (req, res) => void handle(req, res),
  });

  const publish = (task: TaskPublicView) => {
    const board = buildFakeLeaderboard(task, [...best[task.slug].values()], boards[task.slug]?.rows ?? null, now().toISOString());
    boards[task.slug] = board;
    history[task.slug].push({ at: now().toISOString(), board });
    server.append('leaderboard', board);
  };

  let counter = 0;
  const submit = (taskSlug?: string, teamSlug?: string, improve = random()) => {
    const task = tasks.get(taskSlug ?? ['lung', 'ms', 'sarcopenia'][Math.floor(random() * 3)])!;
    const team = teams.find((t) => t.slug === teamSlug) ?? teams[Math.floor(random() * teams.length)];
    const id = `demo-${++counter}`;
    const at = now().toISOString();
    server.append('submission.received', { submissionId: id, team: team.slug, task: task.slug, receivedAt: at });
    const previous = best[task.slug].get(team.slug);
    const skill = 0.5 + (teams.indexOf(team) % 7) / 20;
    const values: Record<string, number> =
      task.slug === 'lung'
        ? { auc: Math.min(0.99, 0.62 + skill * 0.35 * improve + random() * 0.04) }
        : task.slug === 'ms'
          ? { mse: 0.9 + (1 - skill) * 2 * (1.2 - improve) + random() * 0.2 }
          : { dice: Math.min(0.98, 0.7 + skill * 0.3 * improve), mse: 300 + (1 - improve) * 900 * random() };
    const rejected = random() < 0.08;
    const frozen = task.clock.frozen;
    server.append('submission.settled', {
      submissionId: id,
      team: team.slug,
      task: task.slug,
      settledAt: at,
      outcome: rejected ? 'rejected' : 'scored',
      scores: rejected || frozen ? null : values,
      counted: frozen ? null : !rejected,
    });
    if (rejected || frozen) return;
    const merged: Record<string, number | null> = { ...(previous?.scores ?? {}) };
    const better = (name: string, value: number) => {
      const old = merged[name];
      const dir = task.scores.find((s) => s.name === name)!.better;
      return old === null || old === undefined || (dir === 'max' ? value > old : value < old);
    };
    const primary = task.scores[0].name;
    if (better(primary, values[primary])) Object.assign(merged, values);
    best[task.slug].set(team.slug, { team, scores: merged, submissions: (previous?.submissions ?? 0) + 1, lastSubmissionAt: at });
    publish(task);
  };

  // Play a past: submissions spread over the last 90 minutes, improving with time.
  const past = options.history ?? 90;
  for (let i = 0; i < past; i++) {
    simulatedNow = start - (past - i) * 60_000;
    submit(undefined, undefined, 0.4 + (0.6 * i) / past);
  }
  simulatedNow = null;
  if (options.frozen) {
    lung.clock = { ...lung.clock, frozen: true, frozenAt: lung.clock.freezeAt };
    server.append('clock', { task: 'lung', change: 'frozen', clock: lung.clock });
    boards.lung = { ...boards.lung, frozen: true, frozenAt: lung.clock.frozenAt };
    server.append('leaderboard', boards.lung);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const api = url.pathname.match(/^\/api\/events\/([^/]+)(?:\/tasks\/([^/]+)\/history)?$/);
    if (api) {
      if (api[1] !== event.slug) return json(res, 404, { type: '/problems/not-found', title: 'Not found', status: 404, detail: `No event ${api[1]}` });
      if (!api[2]) return json(res, 200, { ...server.state.event, serverTime: now().toISOString() });
      const task = tasks.get(api[2]);
      if (!task) return json(res, 404, { type: '/problems/not-found', title: 'Not found', status: 404, detail: `No task ${api[2]}` });
      return json(res, 200, rankHistory(task, Number(url.searchParams.get('top') ?? 8)));
    }
    if (url.pathname === '/screen') return void res.writeHead(302, { location: `/screen/${url.search}` }).end();
    if (url.pathname.startsWith('/screen/')) {
      const relative = normalize(url.pathname.slice('/screen/'.length) || 'index.html').replace(/^(\.\.[/\\])+/, '');
      try {
        const body = await readFile(join(DIST, relative));
        res.writeHead(200, { 'content-type': TYPES[extname(relative)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end('not found (did you run `npm run build`?)');
      }
      return;
    }
    res.writeHead(404).end();
  }

  function rankHistory(task: TaskPublicView, top: number): RankHistoryResponse {
    const current = boards[task.slug]?.rows.slice(0, top) ?? [];
    return {
      event: event.slug,
      task: task.slug,
      ranking: task.ranking,
      scores: task.scores,
      frozen: task.clock.frozen,
      frozenAt: task.clock.frozenAt,
      series: current.map((row) => ({
        team: row.team,
        points: history[task.slug].flatMap(({ at, board }) => {
          const r = board.rows.find((x) => x.team.slug === row.team.slug);
          return r && r.rank !== null ? [{ at, rank: r.rank, scores: r.scores, points: r.points }] : [];
        }).filter((p, i, all) => i === 0 || p.rank !== all[i - 1].rank || JSON.stringify(p.scores) !== JSON.stringify(all[i - 1].scores)),
      })),
      serverTime: now().toISOString(),
    };
  }

  await server.listen(port);
  return {
    server,
    url: server.url,
    event,
    submit,
    takeLead(taskSlug, teamSlug) {
      const task = tasks.get(taskSlug)!;
      const top = boards[taskSlug]?.rows[0];
      const team = teams.find((t) => t.slug === teamSlug)!;
      const primary = task.scores[0];
      const lead = top?.scores[primary.name] ?? (primary.better === 'max' ? 0.8 : 1);
      const value = primary.better === 'max' ? Math.min(0.999, (lead ?? 0) + 0.004) : (lead ?? 1) * 0.97;
      const at = now().toISOString();
      const previous = best[taskSlug].get(teamSlug);
      const scores = task.scores.length > 1 ? { [primary.name]: value, mse: 250 } : { [primary.name]: value };
      server.append('submission.received', { submissionId: `lead-${++counter}`, team: teamSlug, task: taskSlug, receivedAt: at });
      best[taskSlug].set(teamSlug, { team, scores, submissions: (previous?.submissions ?? 0) + 1, lastSubmissionAt: at });
      publish(task);
    },
    announce(text, level = 'info') {
      server.append('announcement', { id: `a${++counter}`, text, level, publishedAt: now().toISOString(), until: null, withdrawn: false });
    },
    freeze(taskSlug) {
      const task = tasks.get(taskSlug)!;
      task.clock = { ...task.clock, frozen: true, frozenAt: now().toISOString() };
      server.append('clock', { task: taskSlug, change: 'frozen', clock: task.clock });
    },
    stop: () => server.close(),
  };
}

function taskBase(slug: string, title: { en: string; fr: string }, opensAt: Date, minutes: number, freezeBefore: number): TaskPublicView {
  return { slug, title, clock: buildFakeClock(opensAt, minutes, freezeBefore), precision: 3, scores: [], ranking: 'single', leaderboard: 'best', quota: { submissions: 5, perMinutes: 60 } };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' }).end(JSON.stringify(body));
}
