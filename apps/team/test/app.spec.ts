// The whole team view wired to a fake API and a scripted feed client: sign-in, the fragment token,
// a wrong token, rank-change messages (and alerts only when allowed), the last known state offline.
import type { LeaderboardData, LeaderboardRow, LiveHealth, TeamMeResponse, TeamTaskStanding } from '@podium/contracts';
import type { LiveFeedClientEvents, LiveState } from '@podium/live-client';
import { render } from '@testing-library/svelte';
import { flushSync, tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../src/components/app.svelte';
import { TeamStore, type FeedClient, type TeamDeps } from '../src/lib/team-store.svelte.js';

const T0 = Date.parse('2026-12-06T13:00:00Z');
const TOKEN = 'team-token-alpha-0123456789';

class ScriptedClient {
  readonly listeners = new Map<string, Set<(...args: unknown[]) => void>>();
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
    return this;
  }
  close() {}
  serverNow() {
    return T0;
  }
}

const clock = { phase: 'open' as const, opensAt: '2026-12-06T12:00:00Z', closesAt: '2026-12-06T15:00:00Z', freezeAt: null, frozen: false, frozenAt: null };
const standing = (rank: number | null): TeamTaskStanding => ({
  task: 'lung',
  clock,
  rank,
  bestScores: rank === null ? null : { auc: 0.9 },
  bestSubmissionId: null,
  quota: { limit: 3, perMinutes: 60, used: 1, remaining: 2, nextSlotAt: null, retryAfterSeconds: 0 },
  submissions: [],
});
const meWith = (rank: number | null): TeamMeResponse => ({
  event: 'jfr',
  team: { slug: 'alpha', name: 'Alpha', category: null },
  tasks: [standing(rank)],
  serverTime: new Date(T0).toISOString(),
});
const row = (slug: string, rank: number): LeaderboardRow => ({
  rank,
  team: { slug, name: slug.toUpperCase(), category: null },
  scores: { auc: 1 - rank / 10 },
  points: null,
  submissions: 1,
  lastSubmissionAt: null,
  movement: null,
});
const boardWith = (order: string[]): LeaderboardData => ({
  task: 'lung',
  rows: order.map((slug, i) => row(slug, i + 1)),
  movements: { up: [], down: [], newLeader: null },
  frozen: false,
  frozenAt: null,
  computedAt: new Date(T0).toISOString(),
});
const liveWith = (order: string[]): LiveState => ({
  event: {
    slug: 'jfr',
    title: { en: 'JFR', fr: 'JFR' },
    timezone: 'Europe/Paris',
    teams: [],
    tasks: [{ slug: 'lung', title: { en: 'Lung', fr: 'Poumon' }, clock, precision: 3, scores: [{ name: 'auc', better: 'max' }], ranking: 'single', leaderboard: 'best', quota: null }],
    serverTime: new Date(T0).toISOString(),
  },
  audience: 'team',
  team: 'alpha',
  tasks: { lung: { task: 'lung', clock, leaderboard: boardWith(order) } },
  recentSubmissions: [],
  announcements: [],
  reveals: {},
  rehearsals: {},
  currentReveal: { official: null, rehearsal: null },
  director: null,
});
const live: LiveHealth = { status: 'live', since: new Date(T0).toISOString(), lastUpdateAt: new Date(T0).toISOString(), lastSeq: 1, transport: 'websocket', attempts: 0, error: null };

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

let store: TeamStore | null = null;
afterEach(() => {
  store?.stop();
  store = null;
});

type Upload = TeamDeps['upload'];

function setup(options: { hash?: string; search?: string; storage?: MemoryStorage; me?: () => Response; upload?: Upload } = {}) {
  const client = new ScriptedClient();
  const storage = options.storage ?? new MemoryStorage();
  const urls: string[] = [];
  const alerts: string[] = [];
  const feeds: string[] = [];
  let meAnswer = options.me ?? (() => new Response(JSON.stringify(meWith(4)), { status: 200 }));
  const deps: TeamDeps = {
    fetch: async (input, init) => {
      const auth = (init?.headers as Record<string, string> | undefined)?.['authorization'];
      if (input === '/api/teams/me') return auth === `Bearer ${TOKEN}` ? meAnswer() : new Response(JSON.stringify({ type: '/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'Unknown token.' }), { status: 401 });
      return new Response('{}', { status: 404 });
    },
    createClient: (options) => {
      feeds.push(`${options.event}:${options.token}`);
      return client as unknown as FeedClient;
    },
    upload: options.upload ?? (async () => ({ ok: false, kind: 'network', aborted: false })),
    storage,
    now: () => T0,
    location: { hash: options.hash ?? '', pathname: '/team/', search: options.search ?? '' },
    replaceUrl: (url) => urls.push(url),
    browserLanguage: 'en-GB',
    notify: (_title, body) => alerts.push(`notify: ${body}`),
    vibrate: (pattern) => alerts.push(`vibrate: ${pattern.join(',')}`),
    requestNotifications: async () => 'granted',
    tickMs: 1000,
    refreshDelayMs: 0,
  };
  store = new TeamStore(deps);
  store.start();
  const view = render(App, { props: { store } });
  return { client, view, storage, urls, alerts, feeds, setMe: (answer: () => Response) => (meAnswer = answer) };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
  }
  flushSync();
};

describe('team view', () => {
  it('signs in from a #token= link, takes it out of the address and remembers it', async () => {
    const { view, storage, urls } = setup({ hash: `#token=${TOKEN}` });
    expect(urls).toEqual(['/team/']);
    await settle();
    expect(view.getByTestId('team-name').textContent).toBe('Alpha');
    expect(storage.getItem('podium.team.token')).toBe(TOKEN);
  });

  it('speaks the language its link asks for (?lang=fr), whatever the device speaks', async () => {
    const { view, urls } = setup({ hash: `#token=${TOKEN}`, search: '?lang=fr' });
    expect(urls).toEqual(['/team/?lang=fr']);
    await settle();
    expect(view.getByTestId('team-app').dataset['lang']).toBe('fr');
    expect(view.getByTestId('lang-switch').textContent).toBe('English');
  });

  it('says plainly that a typed token is wrong', async () => {
    const { view } = setup();
    const input = view.getByTestId('token-input') as HTMLInputElement;
    input.value = 'nope';
    input.dispatchEvent(new Event('input'));
    await settle();
    (view.getByTestId('sign-in-button') as HTMLButtonElement).click();
    await settle();
    expect(view.getByTestId('sign-in-error').textContent).toMatch(/not recognised/);
    expect(view.queryByTestId('team-name')).toBeNull();
  });

  it('tells a rank change from the server board, and vibrates/notifies only once allowed', async () => {
    const { client, view, alerts, setMe } = setup({ hash: `#token=${TOKEN}` });
    await settle();
    client.emit('health', live);
    client.emit('state', liveWith(['a', 'b', 'c', 'alpha']), 'snapshot');
    await settle();
    expect(view.queryAllByTestId('rank-message')).toHaveLength(0);
    setMe(() => new Response(JSON.stringify(meWith(3)), { status: 200 }));
    client.emit('state', liveWith(['a', 'b', 'alpha', 'c']), 'frame');
    await settle();
    expect(view.getByTestId('rank-message').textContent).toContain('You moved up to 3rd on Lung');
    expect(alerts).toEqual([]);
    await store!.enableAlerts();
    client.emit('state', liveWith(['alpha', 'a', 'b', 'c']), 'frame');
    await settle();
    expect(view.getAllByTestId('rank-message')[0]!.textContent).toContain('You moved up to 1st on Lung');
    expect(alerts).toEqual(['vibrate: 60,40,60', 'notify: You moved up to 1st on Lung']);
    // The board around the team is the server's rows, in its order.
    const rows = [...view.getByTestId('board-around').querySelectorAll('li[data-team]')].map((li) => li.getAttribute('data-team'));
    expect(rows).toEqual(['alpha', 'a']);
  });

  it('shows the last known state with its age when the server cannot be reached', async () => {
    const first = setup({ hash: `#token=${TOKEN}` });
    await settle();
    first.client.emit('state', liveWith(['a', 'alpha']), 'snapshot');
    await settle();
    store!.stop();
    first.view.unmount();
    const { view, client, feeds } = setup({ storage: first.storage, me: () => Promise.reject(new TypeError('Failed to fetch')) as never });
    await settle();
    expect(view.getByTestId('team-name').textContent).toBe('Alpha');
    // The feed is opened all the same: it reconnects by itself when the network is back.
    expect(feeds).toEqual([`jfr:${TOKEN}`]);
    client.emit('health', { ...live, status: 'offline', lastUpdateAt: null });
    await settle();
    expect(view.getByTestId('stale').textContent).toMatch(/^Offline – last known state, \d+ s ago$/);
  });

  it('retries a dropped upload with the same Idempotency-Key, and words the 429 with the next slot', async () => {
    const keys: string[] = [];
    const answers = [
      { ok: false, kind: 'network', aborted: false },
      { ok: false, kind: 'http', status: 429, problem: { type: '/problems/quota-exceeded', title: 'Quota', status: 429, detail: 'x', nextSlotAt: '2026-12-06T13:32:00Z' }, header: () => null },
    ];
    const upload: Upload = async (request) => {
      keys.push(request.headers!['Idempotency-Key']!);
      request.onProgress?.({ loaded: 5, total: 10 });
      return answers.shift() as never;
    };
    const { view, client } = setup({ hash: `#token=${TOKEN}`, upload });
    await settle();
    client.emit('state', liveWith(['a', 'alpha']), 'snapshot');
    await store!.upload('lung', new File(['a,b\n'], 'preds.csv'));
    await settle();
    expect(view.getByTestId('upload-answer').textContent).toMatch(/connection dropped/);
    (view.getByTestId('upload-retry') as HTMLButtonElement).click();
    await settle();
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    // 13:32 UTC is 14:32 at the venue (Europe/Paris).
    expect(view.getByTestId('upload-answer').textContent).toBe('Quota reached: next try at 14:32.');
  });

  it('forgets the team on sign-out', async () => {
    const { view, storage } = setup({ hash: `#token=${TOKEN}` });
    await settle();
    (view.getByTestId('sign-out') as HTMLButtonElement).click();
    await settle();
    expect(view.getByTestId('sign-in')).toBeTruthy();
    expect(storage.getItem('podium.team.token')).toBeNull();
    expect(storage.getItem('podium.team.saved')).toBeNull();
  });
});

