// The whole screen wired to a scripted feed client: what the audience sees as the feed changes.
import type { FeedFrame, LiveHealth, RevealStepData } from '@podium/contracts';
import type { LiveFeedClientEvents, LiveState } from '@podium/live-client';
import { applyFeedEvent, stateFromSnapshot } from '@podium/live-client';
import { render } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../src/components/app.svelte';
import { RotationController } from '../src/lib/rotation-controller.svelte.js';
import { parseScreenParams } from '../src/lib/screen-params.js';
import { ScreenStore, UPDATE_MEASURE, type FeedClient, type UpdateKind } from '../src/lib/screen-store.svelte.js';
import { T0, boardFor, eventWith, health, lungTask } from './builders.js';

class ScriptedClient {
  // Listeners are stored untyped; `on`/`emit` keep the typed surface.
  readonly listeners = new Map<string, Set<(...args: unknown[]) => void>>();
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
}

const task = lungTask();
const event = eventWith([task]);
let store: ScreenStore | null = null;

const summary = (slug: string) => ({ slug, title: { en: `Event ${slug}`, fr: `Épreuve ${slug}` } });

function setup(search: string, events = [summary('jfr-2019')]) {
  const client = new ScriptedClient();
  const { params } = parseScreenParams(search);
  store = new ScreenStore(params, {
    fetch: async (input) =>
      input === '/api/events/jfr-2019'
        ? new Response(JSON.stringify(event))
        : input === '/api/events'
          ? new Response(JSON.stringify(events))
          : new Response('{}', { status: 404 }),
    createClient: () => client as unknown as FeedClient,
    now: () => T0,
    tickMs: 50,
  });
  const rotation = new RotationController(store);
  store.start();
  const view = render(App, { props: { store, rotation, origin: 'https://podium.example' } });
  return { client, view };
}

function liveState(board = boardFor(task, 20)): LiveState {
  return stateFromSnapshot({
    seq: 5,
    reason: 'initial',
    audience: 'public',
    team: null,
    event,
    tasks: [{ task: 'lung', clock: task.clock, leaderboard: board }],
    recentSubmissions: [],
    announcements: [],
    serverTime: new Date(T0).toISOString(),
  });
}

afterEach(() => {
  store?.stop();
  store = null;
});

describe('screen', () => {
  it('shows the live board with a discreet live badge and the team QR code', async () => {
    const { client, view } = setup('?event=jfr-2019&scene=leaderboard&task=lung&lang=fr');
    expect(client.connected).toBe(true);
    client.emit('state', liveState(), 'snapshot');
    client.emit('health', health('live'));
    await tick();
    expect(view.container.querySelectorAll('ol.rows > li')).toHaveLength(20);
    expect(view.getByTestId('health').textContent).toContain('En direct');
    expect(view.getByTestId('qr').getAttribute('data-url')).toBe('https://podium.example/team?event=jfr-2019');
    expect(view.container.querySelector('h1')?.textContent).toBe('Nodules pulmonaires');
    expect(view.queryByTestId('stale-banner')).toBeNull();
  });

  it('never shows a stale board as live', async () => {
    const { client, view } = setup('?event=jfr-2019&scene=leaderboard&task=lung&lang=en');
    client.emit('state', liveState(), 'snapshot');
    const lost: LiveHealth = health('reconnecting', T0 - 15_000, T0 - 15_000);
    client.emit('health', lost);
    await tick();
    // 11:59:45 UTC is 13:59 in Paris.
    expect(view.getByTestId('stale-banner').textContent).toContain('Not live since 13:59');
    expect(view.getByTestId('health').textContent).toContain('Reconnecting');
    expect(view.container.querySelector('[data-live]')?.getAttribute('data-live')).toBe('stale');
  });

  it('celebrates a new leader and shows announcements over the board', async () => {
    const { client, view } = setup('?event=jfr-2019&scene=leaderboard&task=lung&lang=fr');
    const first = boardFor(task, 20);
    client.emit('state', liveState(first), 'snapshot');
    client.emit('health', health('live'));
    const next = boardFor(task, 20, first.rows, 1);
    expect(next.movements.newLeader).not.toBeNull();
    const frame = { seq: 6, prev: 5, type: 'leaderboard', at: new Date(T0).toISOString(), event: 'jfr-2019', data: next } as FeedFrame;
    client.emit('frame', frame);
    const withAnnouncement: LiveState = {
      ...liveState(next),
      announcements: [{ id: 'a1', text: { en: 'Lunch at 12:30', fr: 'Déjeuner à 12h30' }, level: 'info', publishedAt: new Date(T0).toISOString(), until: null, withdrawn: false }],
    };
    client.emit('state', withAnnouncement, 'frame');
    await tick();
    const leaderName = event.teams.find((t) => t.slug === next.movements.newLeader!.team)!.name;
    expect(view.getByTestId('leader-moment').textContent).toContain('Nouveau leader');
    expect(view.getByTestId('leader-moment').textContent).toContain(leaderName);
    expect(view.getByTestId('announcement').textContent).toContain('Déjeuner à 12h30');
  });

  it('measures each live update, told apart by what it changed on the board', async () => {
    const { client } = setup('?event=jfr-2019&scene=leaderboard&task=lung&lang=en');
    const first = boardFor(task, 20);
    client.emit('state', liveState(first), 'snapshot');
    await tick();
    performance.clearMeasures(UPDATE_MEASURE);
    let seq = 5;
    const apply = (frames: FeedFrame[], board: typeof first) => {
      for (const frame of frames) client.emit('frame', frame);
      client.emit('state', liveState(board), 'frame');
    };
    const boardFrame = (data: typeof first) => ({ seq: ++seq, prev: seq - 1, type: 'leaderboard', at: new Date(T0).toISOString(), event: 'jfr-2019', data }) as FeedFrame;
    const clockFrame = () => ({ seq: ++seq, prev: seq - 1, type: 'clock', at: new Date(T0).toISOString(), event: 'jfr-2019', data: { task: 'lung', clock: task.clock } }) as FeedFrame;
    const reordered = boardFor(task, 20, first.rows, 1);
    apply([boardFrame(reordered)], reordered);
    const inPlace = { ...reordered, rows: reordered.rows.map((row) => ({ ...row, submissions: row.submissions + 1 })) };
    apply([boardFrame(inPlace)], inPlace);
    apply([clockFrame()], inPlace);
    // Frames delivered together make one update, as costly as its biggest change.
    const back = boardFor(task, 20, inPlace.rows, 0);
    apply([clockFrame(), boardFrame(back)], back);
    const kinds = performance.getEntriesByName(UPDATE_MEASURE).map((entry) => (entry as PerformanceMeasure).detail as { kind: UpdateKind });
    expect(kinds).toEqual([{ kind: 'reorder' }, { kind: 'board' }, { kind: 'other' }, { kind: 'reorder' }]);
  });

  it('tells the operator what is missing instead of a blank screen, with the events as links', async () => {
    const { view, client } = setup('?scene=leaderboard&lang=en', [summary('jfr-2019'), summary('jfr-2020')]);
    await vi.waitFor(() => expect(view.getByTestId('problem').textContent).toContain('?event='));
    const links = [...view.getByTestId('event-list').querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['?event=jfr-2019&lang=en', '?event=jfr-2020&lang=en']);
    expect(client.connected).toBe(false);
  });

  it('follows the only event of the server when the address names none', async () => {
    const { view, client } = setup('?scene=leaderboard&task=lung&lang=fr');
    await vi.waitFor(() => expect(client.connected).toBe(true));
    client.emit('state', liveState(), 'snapshot');
    await tick();
    expect(store!.params.event).toBe('jfr-2019');
    expect(view.queryByTestId('problem')).toBeNull();
    expect(view.container.querySelectorAll('ol.rows > li')).toHaveLength(20);
  });

  it('shows only the error and the list of events for an unknown event', async () => {
    const { view, client } = setup('?event=nope&lang=en', [summary('jfr-2019')]);
    client.emit('health', { ...health('reconnecting', T0 - 15_000, T0 - 15_000), error: { code: 'event.not_found', message: 'unknown event' } } as LiveHealth);
    await vi.waitFor(() => expect(view.getByTestId('event-list').querySelector('a')?.getAttribute('href')).toBe('?event=jfr-2019&lang=en'));
    expect(view.getByTestId('problem').textContent).toContain('nope');
    expect(view.container.querySelector('h1')?.textContent).toBe('');
    expect(view.queryByTestId('health')).toBeNull();
    expect(view.queryByTestId('stale-banner')).toBeNull();
    expect(view.container.textContent).not.toContain('Latest submissions');
  });

  it('celebrates only its own task when pinned to one', async () => {
    const { client, view } = setup('?event=jfr-2019&scene=leaderboard&task=lung&lang=en');
    const first = boardFor(task, 20);
    client.emit('state', liveState(first), 'snapshot');
    const elsewhere = { ...boardFor(task, 20, first.rows, 1), task: 'ms' };
    expect(elsewhere.movements.newLeader).not.toBeNull();
    client.emit('frame', { seq: 6, prev: 5, type: 'leaderboard', at: new Date(T0).toISOString(), event: 'jfr-2019', data: elsewhere } as FeedFrame);
    client.emit('state', liveState(first), 'frame');
    await tick();
    expect(view.queryByTestId('leader-moment')).toBeNull();
  });

  it('obeys the director on a follow=director screen, within the update that carries it, and returns to its own rotation on release', async () => {
    const { client, view } = setup('?event=jfr-2019&follow=director&scene=leaderboard&task=lung&lang=fr');
    const own = liveState();
    client.emit('state', own, 'snapshot');
    await tick();
    const scene = () => view.container.querySelector('.screen')?.getAttribute('data-scene');
    expect(scene()).toBe('leaderboard');
    client.emit('state', { ...own, director: { scene: 'ticker', task: null, lang: 'en', pinnedAt: new Date(T0).toISOString(), by: 'alice' } }, 'frame');
    await tick();
    expect(scene()).toBe('ticker');
    expect(view.container.querySelector('h1')?.textContent).toBe('Latest submissions');
    client.emit('state', { ...own, director: null }, 'frame');
    await tick();
    expect(scene()).toBe('leaderboard');
    expect(view.container.querySelector('h1')?.textContent).toBe('Nodules pulmonaires');
  });

  it('ignores the director on a screen not opened with follow=director', async () => {
    const { client, view } = setup('?event=jfr-2019&scene=leaderboard&task=lung&lang=fr');
    client.emit('state', { ...liveState(), director: { scene: 'ticker', task: null, lang: 'en', pinnedAt: new Date(T0).toISOString(), by: 'alice' } }, 'snapshot');
    await tick();
    expect(view.container.querySelector('.screen')?.getAttribute('data-scene')).toBe('leaderboard');
    expect(view.container.querySelector('h1')?.textContent).toBe('Nodules pulmonaires');
  });
});

describe('ceremony scene', () => {
  const stepData = (over: Partial<RevealStepData> = {}): RevealStepData => {
    const team = event.teams[0]!;
    return {
      task: 'lung',
      step: 1,
      team: team.slug,
      rank: 1,
      scores: { auc: 0.912 },
      ceremony: '4',
      rehearsal: false,
      prize: { title: { en: 'Lung prize', fr: 'Prix poumon' }, place: 1, category: null },
      place: 1,
      teams: [{ team: team.slug, name: team.name, category: null, rank: 1, scores: { auc: 0.912 }, points: null, frozenRank: 3, movement: { kind: 'up', places: 2 } }],
      exAequo: false,
      winner: true,
      last: true,
      ...over,
    };
  };
  const revealFrames = (data: RevealStepData, seq: number): FeedFrame[] => [
    { seq, prev: seq - 1, type: 'reveal.started', at: new Date(T0).toISOString(), event: 'jfr-2019', data: { task: 'lung', steps: null, ceremony: '4', rehearsal: data.rehearsal } },
    { seq: seq + 1, prev: seq, type: 'reveal.step', at: new Date(T0).toISOString(), event: 'jfr-2019', data },
  ];

  it('builds up to a live step (no team name yet, no "new leader" banner for the final board), then shows the team, its score and movement', async () => {
    const { client, view } = setup('?event=jfr-2019&scene=ceremony&lang=en');
    let state = liveState();
    client.emit('state', state, 'snapshot');
    await tick();
    expect(view.getByTestId('ceremony-scene').getAttribute('data-phase')).toBe('waiting');
    const data = stepData();
    // The last step arrives with the task's final board, whose leader changed.
    const next = boardFor(task, 20, state.tasks['lung']!.leaderboard.rows, 1);
    const frames = [...revealFrames(data, 6), { seq: 8, prev: 7, type: 'leaderboard', at: new Date(T0).toISOString(), event: 'jfr-2019', data: next } as FeedFrame];
    for (const frame of frames) client.emit('frame', frame);
    for (const frame of frames) state = applyFeedEvent(state, frame);
    client.emit('state', state, 'frame');
    await tick();
    expect(view.getByTestId('ceremony-scene').getAttribute('data-phase')).toBe('buildup');
    expect(view.getByTestId('ceremony-buildup').textContent).toContain('Lung prize');
    expect(view.getByTestId('ceremony-scene').textContent).not.toContain(data.teams[0]!.name);
    expect(view.queryByTestId('leader-moment')).toBeNull();
    // A screen opened later (the snapshot) shows the step at once, podium included.
    store!.stop();
    const later = setup('?event=jfr-2019&scene=ceremony&lang=fr');
    later.client.emit('state', state, 'snapshot');
    await tick();
    const scene = later.view.getAllByTestId('ceremony-scene').at(-1)!;
    expect(scene.getAttribute('data-phase')).toBe('revealed');
    expect(scene.textContent).toContain(data.teams[0]!.name);
    expect(scene.textContent).toContain('0,912');
    expect(scene.textContent).toContain('Classement public : 3e');
    expect(later.view.getAllByTestId('ceremony-podium').at(-1)!.textContent).toContain(data.teams[0]!.name);
  });

  it('a public screen ignores rehearsal frames; ex-aequo teams are shown together as such', async () => {
    const { client, view } = setup('?event=jfr-2019&scene=ceremony&lang=en');
    let state = liveState();
    const rehearsal = stepData({ rehearsal: true });
    for (const frame of revealFrames(rehearsal, 6)) state = applyFeedEvent(state, frame);
    client.emit('state', state, 'snapshot');
    await tick();
    expect(view.getByTestId('ceremony-scene').getAttribute('data-phase')).toBe('waiting');
    const [a, b] = event.teams;
    const tied = stepData({
      exAequo: true,
      teams: [a!, b!].map((team) => ({ team: team.slug, name: team.name, category: null, rank: 1, scores: { auc: 0.9 }, points: null, frozenRank: 1, movement: { kind: 'same' as const, places: 0 } })),
    });
    for (const frame of revealFrames(tied, 8)) state = applyFeedEvent(state, frame);
    client.emit('state', state, 'snapshot');
    await tick();
    expect(view.getByTestId('ex-aequo').textContent).toBe('Ex aequo');
    expect(view.getAllByTestId('ceremony-team').map((el) => el.querySelector('.name')?.textContent)).toEqual([a!.name, b!.name]);
  });
});
