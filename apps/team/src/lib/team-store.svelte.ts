// Everything the team view shows, as reactive state: the team's standing from GET /api/teams/me,
// the public boards and clocks from the live feed (team audience), uploads in flight, rank-change
// messages. Components read it; only this class writes it.
import type { EventPublicView, FeedFrame, Language, LiveHealth, SubmissionAccepted, SubmissionDetails, TeamMeResponse, TeamTaskStanding } from '@podium/contracts';
import { submissionsPath } from '@podium/contracts';
import type { LiveFeedClientOptions, LiveState } from '@podium/live-client';
import { LiveFeedClient } from '@podium/live-client';
import { apiCall, fetchEventView, formatClockTime, formatOrdinal, newIdempotencyKey, pageLanguage, uploadWithProgress, type Fetch, type UploadRequest, type UploadResult } from '@podium/ui';
import { translator } from './messages.js';
import { DeviceMemory, type KeyValueStore } from './device-memory.js';
import { describeUpload, rankChange, tokenFromFragment, type RankChange, type Said } from './team-view.js';

export type FeedClient = Pick<LiveFeedClient, 'on' | 'connect' | 'close' | 'serverNow'>;

export interface TeamDeps {
  fetch: Fetch;
  createClient: (options: LiveFeedClientOptions) => FeedClient;
  upload: <T>(request: UploadRequest) => Promise<UploadResult<T>>;
  storage: KeyValueStore | null;
  /** Local clock. */
  now: () => number;
  /** The address as loaded, and a way to rewrite it without a reload (the token leaves the bar). */
  location: { hash: string; pathname: string; search: string };
  replaceUrl: (url: string) => void;
  browserLanguage: string | undefined;
  /** System notification and vibration; each is a no-op where the phone has none. */
  notify: (title: string, body: string) => void;
  vibrate: (pattern: number[]) => void;
  /** Asks the phone for notifications: 'granted' | 'denied' | 'default'. */
  requestNotifications: () => Promise<NotificationPermission | 'unsupported'>;
  tickMs: number;
  /** Wait before re-reading /api/teams/me after feed frames (several frames, one read). */
  refreshDelayMs: number;
}

export const defaultTeamDeps = (): TeamDeps => ({
  fetch: (input, init) => fetch(input, init),
  createClient: (options) => new LiveFeedClient(options),
  upload: (request) => uploadWithProgress(request),
  storage: typeof localStorage === 'undefined' ? null : localStorage,
  now: () => Date.now(),
  get location() {
    return { hash: location.hash, pathname: location.pathname, search: location.search };
  },
  replaceUrl: (url) => history.replaceState(history.state, '', url),
  browserLanguage: navigator.language,
  notify: (title, body) => {
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted') new Notification(title, { body, icon: `${import.meta.env.BASE_URL}icon-192.png` });
  },
  vibrate: (pattern) => {
    if (typeof navigator.vibrate === 'function') navigator.vibrate(pattern);
  },
  requestNotifications: async () => (typeof Notification === 'undefined' ? 'unsupported' : Notification.requestPermission()),
  // Twice a second: the countdown and the freeze turn within half a second of their instant.
  tickMs: 500,
  refreshDelayMs: 150,
});

export interface UploadState {
  phase: 'sending' | 'done' | 'failed';
  /** 0..100, null when the size is unknown. */
  percent: number | null;
  said: Said | null;
  /** Kept for a retry after a dropped connection: same file, same Idempotency-Key. */
  retry: { file: File; key: string } | null;
}

export interface RankMessage {
  id: number;
  task: string;
  change: RankChange;
}

export type Alerts = 'off' | 'on' | 'denied';

export class TeamStore {
  lang = $state<Language>('en');
  token = $state<string | null>(null);
  signingIn = $state(false);
  signInError = $state.raw<Said | null>(null);
  me = $state.raw<TeamMeResponse | null>(null);
  live = $state.raw<LiveState | null>(null);
  eventView = $state.raw<EventPublicView | null>(null);
  health = $state.raw<LiveHealth | null>(null);
  /** Local clock when the shown state was last known fresh. */
  freshAt = $state<number | null>(null);
  /** Server time (ms), ticking. */
  now = $state(Date.now());
  /** Local time (ms), ticking: ages are local. */
  localNow = $state(Date.now());
  /** Ranks by task when the page opened (remembered from the previous visit); undefined = first visit. */
  visitRanks = $state.raw<Record<string, number | null> | undefined>(undefined);
  rankMessages = $state.raw<RankMessage[]>([]);
  uploads = $state.raw<Record<string, UploadState>>({});
  /** 202 answers by task, as queued submissions until /api/teams/me lists them. */
  accepted = $state.raw<Record<string, SubmissionDetails[]>>({});
  alerts = $state<Alerts>('off');
  /** Last /api/teams/me read failed for want of a network. */
  unreachable = $state(false);

  readonly event = $derived(this.live?.event ?? this.eventView);

  private client: FeedClient | null = null;
  private clientEvent: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void)[] = [];
  /** The latest server rank per task the page has seen (for rank-change messages). */
  private knownRanks: Record<string, number | null> | null = null;
  private messageId = 0;
  private readonly memory: DeviceMemory;

  constructor(private readonly deps: TeamDeps = defaultTeamDeps()) {
    this.memory = new DeviceMemory(deps.storage);
    this.lang = pageLanguage(deps.location.search, this.memory.lang, deps.browserLanguage, 'en');
    this.alerts = this.memory.alerts ? 'on' : 'off';
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.deps.tickMs);
    this.tick();
    if (this.takeFragment(this.deps.location.hash)) return;
    const token = this.memory.token;
    if (!token) return;
    // Last known state first: a phone with one bar of Wi-Fi shows something at once.
    const saved = this.memory.saved(null);
    if (saved) this.adopt(saved.me, saved.live, saved.savedAt);
    void this.signIn(token);
  }

  /**
   * A `#token=` link (QR code, message): signs in with it and takes it out of the address bar
   * (history, screenshots, shoulder surfing). Also called when the fragment changes on an open page.
   */
  takeFragment(hash: string): boolean {
    if (!/(^#|&)token=/.test(hash)) return false;
    const { token, rest } = tokenFromFragment(hash);
    this.deps.replaceUrl(`${this.deps.location.pathname}${this.deps.location.search}${rest}`);
    if (!token) return false;
    if (token !== this.memory.token) {
      this.signOut();
      this.memory.forgetTeam();
    }
    void this.signIn(token);
    return true;
  }

  stop(): void {
    this.closeFeed();
    if (this.timer) clearInterval(this.timer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.timer = this.refreshTimer = null;
  }

  setLanguage(lang: Language): void {
    this.lang = lang;
    this.memory.lang = lang;
  }

  async signIn(rawToken: string): Promise<void> {
    const token = rawToken.trim();
    if (!token) return;
    this.signingIn = true;
    this.signInError = null;
    const result = await apiCall<TeamMeResponse>(this.deps.fetch, '/api/teams/me', { bearer: token });
    this.signingIn = false;
    if (!result.ok) {
      const failure = result;
      if (failure.status === null) {
        this.unreachable = true;
        // Signed in before: keep showing the last state; the feed and later reads catch up.
        if (this.me && this.memory.token === token) {
          this.token = token;
          // The feed reconnects by itself; its first snapshot re-reads /api/teams/me.
          this.openFeed(this.me.event, token);
          return;
        }
        this.signInError = { key: 'signin.unreachable' };
        return;
      }
      if (failure.status === 401 || failure.status === 403) {
        const otherEvent = failure.problem?.type === '/problems/wrong-event';
        this.signOut();
        this.signInError = { key: otherEvent ? 'signin.wrongEvent' : 'signin.wrongToken' };
        return;
      }
      this.signInError = { key: 'signin.serverError', params: { status: failure.status } };
      return;
    }
    if (this.memory.token !== token) this.memory.forgetTeam();
    this.memory.token = token;
    this.token = token;
    this.unreachable = false;
    const me = result.value;
    this.visitRanks ??= this.memory.ranks(me.team.slug) ?? undefined;
    this.adopt(me, this.live?.team === me.team.slug ? this.live : null, this.deps.now());
    this.openFeed(me.event, token);
    if (!this.live?.event) void this.loadEventView(me.event);
  }

  signOut(): void {
    this.closeFeed();
    this.memory.forgetTeam();
    this.token = null;
    this.me = this.live = this.eventView = this.health = null;
    this.freshAt = null;
    this.knownRanks = null;
    this.visitRanks = undefined;
    this.rankMessages = [];
    this.uploads = {};
    this.accepted = {};
  }

  /** The standing of one task (from /api/teams/me). */
  standing(task: string): TeamTaskStanding | null {
    return this.me?.tasks.find((t) => t.task === task) ?? null;
  }

  /**
   * The task's submissions, newest first: /api/teams/me's list, plus uploads the server accepted
   * (202, status queued) that the last read did not hold yet - so a new upload shows at once.
   */
  submissionsOf(task: string): SubmissionDetails[] {
    const listed = this.standing(task)?.submissions ?? [];
    const pending = (this.accepted[task] ?? []).filter((sub) => !listed.some((l) => l.id === sub.id));
    return [...pending, ...listed];
  }

  /** The team's rank on a task as the server last said it: the live board first, else /me. */
  rankOf(task: string): number | null {
    const team = this.me?.team.slug;
    const row = this.live?.tasks[task]?.leaderboard.rows.find((r) => r.team.slug === team);
    if (row) return row.rank;
    return this.standing(task)?.rank ?? null;
  }

  dismissRankMessage(id: number): void {
    this.rankMessages = this.rankMessages.filter((m) => m.id !== id);
  }

  async enableAlerts(): Promise<void> {
    const permission = await this.deps.requestNotifications();
    this.alerts = permission === 'denied' ? 'denied' : 'on';
    this.memory.alerts = this.alerts === 'on';
  }

  disableAlerts(): void {
    this.alerts = 'off';
    this.memory.alerts = false;
  }

  async upload(task: string, file: File): Promise<void> {
    await this.send(task, file, newIdempotencyKey());
  }

  /** Sends the same file again with the same Idempotency-Key: never counted twice. */
  async retryUpload(task: string): Promise<void> {
    const retry = this.uploads[task]?.retry;
    if (retry) await this.send(task, retry.file, retry.key);
  }

  private async send(task: string, file: File, key: string): Promise<void> {
    const event = this.me?.event;
    if (!event || !this.token) return;
    this.setUpload(task, { phase: 'sending', percent: 0, said: null, retry: { file, key } });
    const body = new FormData();
    body.append('file', file, file.name);
    const result = await this.deps.upload<SubmissionAccepted>({
      url: submissionsPath(event, task),
      body,
      token: this.token,
      headers: { 'Idempotency-Key': key },
      onProgress: ({ loaded, total }) => {
        const current = this.uploads[task];
        if (current?.phase === 'sending') this.setUpload(task, { ...current, percent: total ? Math.min(100, Math.round((loaded / total) * 100)) : null });
      },
    });
    const timezone = this.event?.timezone ?? 'UTC';
    const said = describeUpload(result, (iso) => formatTime(iso, timezone, this.lang));
    if (result.ok && this.me) {
      const sub: SubmissionDetails = {
        id: result.value.id,
        event,
        task,
        team: this.me.team.slug,
        status: 'queued',
        receivedAt: result.value.receivedAt,
        settledAt: null,
        fileName: file.name,
        size: file.size,
        sha256: result.value.sha256,
        scores: null,
        problems: [],
        warnings: [],
        afterFreeze: false,
        counted: false,
      };
      this.accepted = { ...this.accepted, [task]: [sub, ...(this.accepted[task] ?? []).filter((s) => s.id !== sub.id)] };
    }
    const dropped = !result.ok && result.kind === 'network';
    this.setUpload(task, { phase: result.ok ? 'done' : 'failed', percent: result.ok ? 100 : null, said, retry: dropped ? { file, key } : null });
    if (!result.ok && result.kind === 'http' && result.status === 401) {
      this.signOut();
      this.signInError = { key: 'upload.unauthorized' };
      return;
    }
    this.scheduleRefresh(0);
  }

  private setUpload(task: string, state: UploadState): void {
    this.uploads = { ...this.uploads, [task]: state };
  }

  private adopt(me: TeamMeResponse, live: LiveState | null, freshAt: number): void {
    this.me = me;
    if (live) this.live = live;
    this.freshAt = freshAt;
    this.noticeRanks();
    this.persist();
  }

  private persist(): void {
    if (!this.me) return;
    this.memory.save({ team: this.me.team.slug, me: this.me, live: this.live, savedAt: this.freshAt ?? this.deps.now() });
    const ranks: Record<string, number | null> = {};
    for (const task of this.me.tasks) ranks[task.task] = this.rankOf(task.task);
    this.memory.saveRanks(this.me.team.slug, ranks);
  }

  /** Compares the server's ranks with the last ones seen and tells the team what moved. */
  private noticeRanks(): void {
    if (!this.me) return;
    const ranks: Record<string, number | null> = {};
    for (const task of this.me.tasks) ranks[task.task] = this.rankOf(task.task);
    const previous = this.knownRanks;
    this.knownRanks = ranks;
    if (!previous) return; // the page just opened: "since your last visit" says it instead
    for (const [task, rank] of Object.entries(ranks)) {
      if (!(task in previous)) continue;
      const change = rankChange(previous[task], rank);
      if (change) this.tellRankChange(task, change);
    }
  }

  private tellRankChange(task: string, change: RankChange): void {
    const message: RankMessage = { id: ++this.messageId, task, change };
    this.rankMessages = [message, ...this.rankMessages.filter((m) => m.task !== task)].slice(0, 3);
    if (this.alerts === 'on') {
      this.deps.vibrate(change.kind === 'down' ? [80] : [60, 40, 60]);
      this.deps.notify('Podium', this.rankText(task, change));
    }
  }

  /** The rank-change sentence in the current language (the page and the notification say the same). */
  rankText(task: string, change: RankChange): string {
    return rankSentence(this.lang, change, this.taskTitle(task));
  }

  taskTitle(task: string): string {
    const view = this.event?.tasks.find((t) => t.slug === task);
    return view ? (view.title[this.lang] || view.title.en) : task;
  }

  private openFeed(event: string, token: string): void {
    if (this.client && this.clientEvent === event) return;
    this.closeFeed();
    const client = this.deps.createClient({ event, token });
    this.client = client;
    this.clientEvent = event;
    this.unsubscribe.push(
      client.on('health', (health) => {
        this.health = health;
        if (health.status === 'live') this.unreachable = false;
        if (health.error?.code === 'auth.invalid_token') {
          this.signOut();
          this.signInError = { key: 'signin.wrongToken' };
        }
      }),
      client.on('snapshot', () => this.scheduleRefresh()),
      client.on('frame', (frame) => this.onFrame(frame)),
      client.on('state', (state) => {
        this.live = state;
        this.freshAt = this.deps.now();
        this.noticeRanks();
        this.persist();
      }),
    );
    client.connect();
  }

  private closeFeed(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.client?.close();
    this.client = null;
    this.clientEvent = null;
  }

  private onFrame(frame: FeedFrame): void {
    const team = this.me?.team.slug;
    switch (frame.type) {
      case 'submission.received':
      case 'submission.scored':
        if (frame.data.team === team) this.scheduleRefresh();
        break;
      case 'leaderboard':
      case 'clock':
        this.scheduleRefresh();
        break;
      default:
        break;
    }
  }

  /** One read of /api/teams/me for a burst of frames. */
  private scheduleRefresh(delay = this.deps.refreshDelayMs): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refreshMe();
    }, delay);
  }

  private async refreshMe(): Promise<void> {
    const token = this.token;
    if (!token) return;
    const result = await apiCall<TeamMeResponse>(this.deps.fetch, '/api/teams/me', { bearer: token });
    if (token !== this.token) return; // signed out meanwhile
    if (result.ok) {
      this.unreachable = false;
      this.adopt(result.value, null, this.deps.now());
    } else if (result.status === null) this.unreachable = true;
    else if (result.status === 401) {
      this.signOut();
      this.signInError = { key: 'signin.wrongToken' };
    }
  }

  private async loadEventView(event: string): Promise<void> {
    const result = await fetchEventView(this.deps.fetch, event);
    if (result.ok) this.eventView = result.value;
  }

  private tick(): void {
    this.localNow = this.deps.now();
    // Before the feed answers, the phone's own clock.
    this.now = this.client ? this.client.serverNow() : this.localNow;
  }
}

export function formatTime(iso: string, timezone: string, lang: Language): string {
  return formatClockTime(iso, timezone, lang);
}

export function rankSentence(lang: Language, change: RankChange, taskTitle: string): string {
  const key = change.kind === 'up' ? 'rank.movedUp' : change.kind === 'down' ? 'rank.movedDown' : 'rank.entered';
  return translator(lang)(key, { rank: formatOrdinal(change.rank, lang), task: taskTitle });
}
