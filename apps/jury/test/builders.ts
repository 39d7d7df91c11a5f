// Named builders for the console's tests: an event, jury answers, and a fetch that routes to them.
import type { EventPublicView, LeaderboardData, LiveHealth } from '@podium/contracts';
import type { LiveFeedClientEvents } from '@podium/live-client';
import { emptyLiveState } from '@podium/live-client';
import { buildFakeClock, buildFakeEvent, buildFakeLeaderboard, buildFakeTask, buildFakeTeams } from '@podium/live-client/testing';
import type { Fetch } from '@podium/ui';
import type { FeedClient } from '../src/lib/console-store.svelte.js';
import type { JuryBoardResponse, JuryBoardRow, JurySessionResponse, JurySubmission, RescoreResponse, RobustnessResponse } from '../src/lib/jury-wire.js';

export const T0 = Date.parse('2019-10-12T12:00:00Z');
export const EVENT = 'jfr-2019';

export function juryEvent(): EventPublicView {
  const lung = buildFakeTask('lung', { en: 'Lung nodules', fr: 'Nodules pulmonaires' }, buildFakeClock(new Date(T0 - 60 * 60_000), 120, 20), { name: 'auc', better: 'max' });
  return buildFakeEvent(EVENT, buildFakeTeams(['Owkin', 'Neuro AI', 'Pixyl']), [lung]);
}

export function sessionFor(role: JurySessionResponse['role']): JurySessionResponse {
  return {
    login: role === 'organiser' ? 'alice' : 'bob',
    name: role === 'organiser' ? 'Alice Martin' : 'Bob Durand',
    role,
    event: EVENT,
    token: `tok-${role}`,
    csrfToken: `csrf-${role}`,
    expiresAt: new Date(T0 + 12 * 3600_000).toISOString(),
  };
}

const team = (slug: string, name: string) => ({ slug, name, category: null });

function row(slug: string, name: string, ranks: [number | null, number | null, number | null], aucs: [number, number, number], frozen: [number, number] | null, disqualified = false): JuryBoardRow {
  return {
    team: team(slug, name),
    ranks: { public: ranks[0], private: ranks[1], all: ranks[2] },
    scores: { public: { auc: aucs[0] }, private: { auc: aucs[1] }, all: { auc: aucs[2] } },
    points: { public: null, private: null, all: null },
    submissions: { public: null, private: null, all: null },
    submissionCount: 2,
    lastSubmissionAt: new Date(T0 - 60_000).toISOString(),
    frozenRank: frozen ? frozen[0] : null,
    frozenScores: frozen ? { auc: frozen[1] } : null,
    differs: frozen !== null && frozen[0] !== ranks[0],
    disqualified: disqualified ? { reason: 'shared predictions', at: new Date(T0).toISOString(), by: 'alice' } : null,
  };
}

/** Owkin leads the true public board but the frozen public board still shows Neuro AI first. */
export function juryBoard(): JuryBoardResponse {
  const event = juryEvent();
  const lung = event.tasks[0]!;
  return {
    event: EVENT,
    task: 'lung',
    clock: lung.clock,
    ranking: 'single',
    precision: 3,
    scores: lung.scores,
    splits: ['public', 'private', 'all'],
    frozen: true,
    frozenAt: new Date(T0 - 10 * 60_000).toISOString(),
    differs: true,
    computedAt: new Date(T0).toISOString(),
    serverTime: new Date(T0).toISOString(),
    rows: [
      row('neuro-ai', 'Neuro AI', [2, 1, 2], [0.85, 0.881, 0.866], [1, 0.85]),
      row('owkin', 'Owkin', [1, 2, 1], [0.912, 0.874, 0.893], [2, 0.801]),
      row('pixyl', 'Pixyl', [null, null, null], [0.7, 0.69, 0.695], null, true),
    ],
  };
}

/** The public board as screens show it (frozen): Neuro AI first. */
export function publicBoard(): LeaderboardData {
  const lung = juryEvent().tasks[0]!;
  return buildFakeLeaderboard(
    lung,
    [
      { team: team('neuro-ai', 'Neuro AI'), scores: { auc: 0.85 }, submissions: 1, lastSubmissionAt: new Date(T0 - 20 * 60_000).toISOString() },
      { team: team('owkin', 'Owkin'), scores: { auc: 0.801 }, submissions: 1, lastSubmissionAt: new Date(T0 - 20 * 60_000).toISOString() },
    ],
    null,
    new Date(T0).toISOString(),
  );
}

export function jurySubmission(overrides: Partial<JurySubmission> = {}): JurySubmission {
  return {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    task: 'lung',
    team: team('owkin', 'Owkin'),
    status: 'scored',
    receivedAt: new Date(T0 - 5 * 60_000).toISOString(),
    settledAt: new Date(T0 - 5 * 60_000 + 800).toISOString(),
    fileName: 'lung.csv',
    size: 1234,
    sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    scores: { public: { auc: 0.912 }, private: { auc: 0.874 }, all: { auc: 0.893 } },
    problems: [],
    warnings: [],
    error: null,
    afterFreeze: false,
    counted: true,
    disqualified: null,
    teamDisqualified: false,
    flags: [],
    downloadUrl: `/api/jury/events/${EVENT}/submissions/a1b2c3d4-0000-4000-8000-000000000001/file`,
    ...overrides,
  };
}

export function rescorePreview(): RescoreResponse {
  return {
    preview: true,
    task: 'lung',
    rescored: 2,
    scoreChanges: [],
    changes: [
      { team: 'neuro-ai', split: 'private', from: 2, to: 1 },
      { team: 'owkin', split: 'private', from: 1, to: 2 },
    ],
    audit: null,
  };
}

/** A bootstrap of the lung task: Owkin clearly first, Neuro AI and Pixyl statistically tied. */
export function robustnessAnswer(seed = 7): RobustnessResponse {
  const teamRow = (slug: string, name: string, rank: number, score: number, low: number, high: number, ranks: [number, number]) => ({
    team: team(slug, name),
    rank,
    score,
    interval: { low, high },
    scores: { auc: { value: score, interval: { low, high } } },
    points: null,
    ranks: { low: ranks[0], high: ranks[1] },
    undefinedResamples: 0,
    submission: `${rank}`,
  });
  return {
    event: EVENT,
    task: 'lung',
    split: 'private',
    resamples: 500,
    seed,
    threshold: 0.95,
    top: 10,
    cases: 172,
    primaryScore: 'auc',
    teams: [teamRow('owkin', 'Owkin', 1, 0.9123, 0.88, 0.94, [1, 1]), teamRow('neuro-ai', 'Neuro AI', 2, 0.8011, 0.76, 0.84, [2, 3]), teamRow('pixyl', 'Pixyl', 3, 0.7954, 0.75, 0.83, [2, 3])],
    neighbours: [
      { upper: 'owkin', lower: 'neuro-ai', orderHolds: 1, tied: false },
      { upper: 'neuro-ai', lower: 'pixyl', orderHolds: 0.612, tied: true },
    ],
    tiedGroups: [['neuro-ai', 'pixyl']],
    computedAt: new Date(T0).toISOString(),
    durationMs: 1250,
  };
}

export interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export type Route = (call: Call) => Response | undefined;

/** A fetch answering from `routes` (first match), recording every call; anything else is a 404 problem. */
export function routedFetch(routes: Route[], calls: Call[] = []): Fetch {
  return async (url, init) => {
    const call: Call = {
      method: init?.method ?? 'GET',
      path: url,
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    for (const route of routes) {
      const response = route(call);
      if (response) return response;
    }
    return problem(404, `no route for ${call.method} ${url}`);
  };
}

export function problem(status: number, detail: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: '/problems/test', title: 'test', status, detail }), { status, headers: { 'content-type': 'application/problem+json', ...headers } });
}

export const on = (method: string, path: string | RegExp, answer: (call: Call) => Response): Route => (call) =>
  call.method === method && (typeof path === 'string' ? call.path === path : path.test(call.path)) ? answer(call) : undefined;

/** A feed client driven by the test. */
export class ScriptedClient {
  readonly listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  options: unknown = null;
  connected = false;
  on<K extends keyof LiveFeedClientEvents>(name: K, listener: LiveFeedClientEvents[K]): () => void {
    const set = this.listeners.get(name) ?? new Set();
    const untyped = listener as unknown as (...args: unknown[]) => void;
    set.add(untyped);
    this.listeners.set(name, set);
    return () => set.delete(untyped);
  }
  emit<K extends keyof LiveFeedClientEvents>(name: K, ...args: Parameters<LiveFeedClientEvents[K]>): void {
    for (const listener of this.listeners.get(name) ?? []) listener(...args);
  }
  connect() {
    this.connected = true;
    return this;
  }
  close() {
    this.connected = false;
  }
  serverNow() {
    return T0;
  }
  get state(): FeedClient['state'] {
    return emptyLiveState();
  }
  get health(): LiveHealth {
    return { status: 'live', since: new Date(T0).toISOString(), lastUpdateAt: null, lastSeq: 1, transport: 'websocket', attempts: 0, error: null };
  }
}
