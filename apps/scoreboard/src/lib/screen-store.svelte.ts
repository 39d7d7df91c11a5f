// Everything the screen shows, as reactive state fed by the live client. Components read it;
// only this class writes it.
import { JURY_SESSION_PATH, type EventSummary, type FeedFrame, type JurySessionResponse, type LeaderboardData, type LiveHealth } from '@podium/contracts';
import type { LiveFeedClientOptions, LiveState, RevealState } from '@podium/live-client';
import { LiveFeedClient, activeAnnouncements, emptyLiveState } from '@podium/live-client';
import { flushSync } from 'svelte';
import { changedTeams, orderChanged } from './leaderboard-layout.js';
import type { MessageKey } from './messages.js';
import { fetchEventView, fetchRankHistory, type Fetch } from '@podium/ui';
import { RACE_TOP, extendSeries, raceMetric, seriesFromHistory, type RaceSeries } from './race-series.js';
import type { ScreenParams } from './screen-params.js';
import { directedParams } from './director.js';

export type FeedClient = Pick<LiveFeedClient, 'on' | 'connect' | 'close' | 'serverNow' | 'state' | 'health'>;

export interface ScreenDeps {
  fetch: Fetch;
  createClient: (options: LiveFeedClientOptions) => FeedClient;
  /** Local clock; the screen itself runs on server time through the client. */
  now: () => number;
  tickMs: number;
}

export interface LeaderMoment {
  task: string;
  team: string;
  at: number;
}

export const LEADER_MOMENT_MS = 7000;

/** A ceremony step that arrived live (not in a snapshot): the scene builds up to it. */
export interface RevealMoment {
  key: string;
  /** Server time it arrived. */
  at: number;
}
/**
 * Performance API measure around each live update, from the first frame received to the DOM
 * updated and its animations started; browser tests read it, split by `detail.kind`.
 */
export const UPDATE_MEASURE = 'podium:screen-update';
/** `reorder`: a board changed order (rows glide); `board`: scores changed in place; `other`: everything else. */
export type UpdateKind = 'reorder' | 'board' | 'other';
const KIND_WEIGHT: Record<UpdateKind, number> = { other: 0, board: 1, reorder: 2 };
export const ROW_HIGHLIGHT_MS = 4000;

export const defaultScreenDeps = (): ScreenDeps => ({
  fetch: (input, init) => fetch(input, init),
  createClient: (options) => new LiveFeedClient(options),
  now: () => Date.now(),
  tickMs: 250,
});

export class ScreenStore {
  live = $state.raw<LiveState>(emptyLiveState());
  health = $state.raw<LiveHealth>({ status: 'connecting', since: new Date().toISOString(), lastUpdateAt: null, lastSeq: null, transport: null, attempts: 0, error: null });
  /** Server time (ms), ticking. */
  now = $state(Date.now());
  problem = $state.raw<{ key: MessageKey; params?: Record<string, string> } | null>(null);
  leaderMoment = $state.raw<LeaderMoment | null>(null);
  /** Per task: teams whose row just changed, and when. */
  highlights = $state.raw<Record<string, { teams: ReadonlySet<string>; at: number }>>({});
  /** Race lines per task (history + live). */
  race = $state.raw<Record<string, RaceSeries[]>>({});
  raceLoaded = $state.raw<Record<string, boolean>>({});
  /** The server's events, read when the screen has no event or an unknown one (offered as links). */
  events = $state.raw<EventSummary[] | null>(null);
  params = $state.raw<ScreenParams>() as ScreenParams;

  readonly announcements = $derived(activeAnnouncements(this.live, this.now));
  readonly event = $derived(this.live.event);
  /** What the screen runs on now: its own parameters, or the director's pin on a `follow=director` screen. */
  readonly shown: ScreenParams = $derived.by(() => directedParams(this.params, this.live.director));
  /** The ceremony this screen shows: the official one, or the rehearsal on a `rehearsal=1` screen. */
  readonly reveal: RevealState | null = $derived.by(() => {
    const kind = this.params.rehearsal ? 'rehearsal' : 'official';
    const task = this.live.currentReveal[kind];
    return task ? ((this.params.rehearsal ? this.live.rehearsals : this.live.reveals)[task] ?? null) : null;
  });
  revealMoment = $state.raw<RevealMoment | null>(null);

  private client: FeedClient | null = null;
  /** Tasks the official ceremony is revealing (from its frames): no leader moment for them. */
  private readonly ceremonyTasks = new Set<string>();
  /** The update being applied: frames arrive one by one, the state once after them. */
  private update: { startedAt: number; kind: UpdateKind } | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    params: ScreenParams,
    private readonly deps: ScreenDeps = defaultScreenDeps(),
  ) {
    this.params = params;
  }

  /** Starts on the event of the URL; without one, on the server's only event, else lists them. */
  start(): void {
    const event = this.params.event;
    if (event) {
      this.follow(event);
      return;
    }
    void this.loadEvents().then((events) => {
      if (events.length === 1) {
        this.params = { ...this.params, event: events[0]!.slug };
        this.follow(events[0]!.slug);
      } else {
        this.problem = { key: 'setup.missingEvent' };
      }
    });
  }

  private follow(event: string): void {
    if (!this.params.rehearsal) {
      this.subscribe(event, undefined);
      return;
    }
    // A rehearsal is for the jury's eyes: the feed carries it only to a jury session, the one
    // this browser signed in with on the console (same origin, httpOnly cookie).
    void this.jurySession(event).then((token) => {
      if (token) this.subscribe(event, token);
      else this.problem = { key: 'ceremony.rehearsalNeedsJury', params: { event } };
    });
  }

  private async jurySession(event: string): Promise<string | null> {
    try {
      const response = await this.deps.fetch(JURY_SESSION_PATH, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) return null;
      const session = (await response.json()) as JurySessionResponse;
      return session.event === event ? session.token : null;
    } catch {
      return null;
    }
  }

  private subscribe(event: string, token: string | undefined): void {
    void this.loadEventView(event);
    const client = this.deps.createClient(token ? { event, token } : { event });
    this.client = client;
    this.unsubscribe.push(
      client.on('health', (health) => {
        this.health = health;
        if (health.error?.code === 'event.not_found') this.eventNotFound(event);
      }),
      client.on('frame', (frame) => {
        this.update ??= { startedAt: performance.now(), kind: 'other' };
        const kind = this.onFrame(frame);
        if (KIND_WEIGHT[kind] > KIND_WEIGHT[this.update.kind]) this.update.kind = kind;
      }),
      client.on('state', (state, cause) => {
        const update = this.update;
        this.update = null;
        this.live = state;
        if (cause === 'frame' && update && typeof performance.measure === 'function') {
          // Apply now rather than in the next microtask (effects, glides, transitions included),
          // so the measure is exactly this update's work.
          flushSync();
          performance.measure(UPDATE_MEASURE, { start: update.startedAt, end: performance.now(), detail: { kind: update.kind } });
        }
        if (this.problem?.key === 'error.eventNotFound') this.problem = null;
      }),
    );
    client.connect();
    this.timer = setInterval(() => this.tick(), this.deps.tickMs);
    this.tick();
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.client?.close();
    this.client = null;
  }

  /** Loads the race history of a task once; live boards extend it afterwards. */
  async loadRace(task: string): Promise<void> {
    const event = this.params.event;
    const view = this.live.event?.tasks.find((t) => t.slug === task);
    if (!event || !view || this.raceLoaded[task]) return;
    this.raceLoaded = { ...this.raceLoaded, [task]: true };
    const metric = raceMetric(view);
    const result = await fetchRankHistory(this.deps.fetch, event, task, RACE_TOP);
    const fromHistory = result.ok ? seriesFromHistory(result.value, metric) : [];
    // Live points that arrived while the history was loading are kept on top of it.
    const board = this.live.tasks[task]?.leaderboard;
    const merged = board ? extendSeries(fromHistory, board, metric, Date.parse(board.computedAt)) : fromHistory;
    this.race = { ...this.race, [task]: merged };
  }

  private async loadEventView(event: string): Promise<void> {
    const result = await fetchEventView(this.deps.fetch, event);
    if (this.live.event) return; // the live snapshot is newer
    if (result.ok) this.live = { ...this.live, event: result.value };
    else if (result.status === 404) this.eventNotFound(event);
  }

  private eventNotFound(event: string): void {
    this.problem = { key: 'error.eventNotFound', params: { event } };
    if (this.events === null) void this.loadEvents();
  }

  private async loadEvents(): Promise<EventSummary[]> {
    try {
      const response = await this.deps.fetch('/api/events', { headers: { accept: 'application/json' } });
      this.events = response.ok ? ((await response.json()) as EventSummary[]) : [];
    } catch {
      this.events = [];
    }
    return this.events;
  }

  private tick(): void {
    this.now = this.client ? this.client.serverNow() : this.deps.now();
    if (this.leaderMoment && this.now - this.leaderMoment.at > LEADER_MOMENT_MS) this.leaderMoment = null;
  }

  private onFrame(frame: FeedFrame): UpdateKind {
    if ((frame.type === 'reveal.started' || frame.type === 'reveal.step' || frame.type === 'reveal.finished') && !frame.data.rehearsal) this.ceremonyTasks.add(frame.data.task);
    if (frame.type === 'reveal.step' && frame.data.rehearsal === this.params.rehearsal) {
      const d = frame.data;
      this.revealMoment = { key: `${d.ceremony}/${d.task}/${d.step}`, at: this.client ? this.client.serverNow() : this.deps.now() };
    }
    if (frame.type !== 'leaderboard') return 'other';
    const board: LeaderboardData = frame.data;
    const previous = this.live.tasks[board.task]?.leaderboard.rows ?? null;
    const now = this.client ? this.client.serverNow() : this.deps.now();
    const teams = changedTeams(previous, board.rows);
    if (teams.length > 0) this.highlights = { ...this.highlights, [board.task]: { teams: new Set(teams), at: now } };
    // A screen pinned to one task celebrates only that task; an all-task rotation celebrates every one.
    // The ceremony is the celebration of a revealed task: its final board arrives with the last
    // step, and a "new leader" banner would give the winner away during the build-up.
    const ceremony = this.ceremonyTasks.has(board.task) || board.task in this.live.reveals;
    const celebrated = !ceremony && (this.params.task === null || this.params.task === board.task);
    if (board.movements.newLeader && celebrated) this.leaderMoment = { task: board.task, team: board.movements.newLeader.team, at: now };
    const view = this.live.event?.tasks.find((t) => t.slug === board.task);
    if (view && this.raceLoaded[board.task]) {
      this.race = { ...this.race, [board.task]: extendSeries(this.race[board.task] ?? [], board, raceMetric(view), Date.parse(frame.at)) };
    }
    return previous && orderChanged(previous, board.rows) ? 'reorder' : 'board';
  }
}
