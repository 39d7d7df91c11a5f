// Everything the console shows once signed in, as reactive state: the event, the jury live feed,
// and the REST reads of the current view, read again when the feed says something changed.
// The server ranks and filters; this class only asks and holds the answers.
import type { DirectorPinRequest, EventPublicView, FeedFrame, JurySessionView, LeaderboardData, LiveHealth } from '@podium/contracts';
import type { LiveFeedClient, LiveFeedClientOptions, LiveState } from '@podium/live-client';
import { LiveFeedClient as RealClient, activeAnnouncements, emptyLiveState } from '@podium/live-client';
import { fetchEventView, type ApiFailure, type ApiOutcome, type Fetch } from '@podium/ui';
import type { ViewName } from './console-params.js';
import type { AuditFilters, JuryApi } from './jury-api.js';
import type { AnnounceRequest, AuditEntry, RescoreResponse, RobustnessResponse, DirectorState, JuryBoardResponse, JurySubmission, RankChange, TeamHistoryResponse } from './jury-wire.js';
import type { MessageKey } from './messages.js';
import type { Notice, SessionStore } from './session.svelte.js';

export type FeedClient = Pick<LiveFeedClient, 'on' | 'connect' | 'close' | 'serverNow' | 'state' | 'health'>;

export interface ConsoleDeps {
  fetch: Fetch;
  createClient: (options: LiveFeedClientOptions) => FeedClient;
  /** Wait after a feed frame before reading the view again (several frames, one read). */
  refreshDelayMs: number;
  tickMs: number;
}

export const defaultConsoleDeps = (): ConsoleDeps => ({
  fetch: (input, init) => fetch(input, init),
  createClient: (options) => new RealClient(options),
  refreshDelayMs: 250,
  tickMs: 1000,
});

/** An action waiting for its reason (or note) in the dialog. */
export interface PendingAction {
  kind:
    | 'disqualify-submission'
    | 'reinstate-submission'
    | 'disqualify-team'
    | 'reinstate-team'
    | 'flag'
    | 'resolve-flag'
    | 'rescore'
    | 'announce'
    | 'withdraw'
    | 'pin'
    | 'release'
    | 'revoke';
  title: { key: MessageKey; params?: Record<string, string | number> };
  /** `note` for a juror's flag; `reason` for everything else. */
  field: 'reason' | 'note';
  /** Rescore only: the preview comes first, then apply. */
  previewable: boolean;
  run: (text: string, preview: boolean) => Promise<ApiOutcome<unknown>>;
}

export interface ActionResult {
  ok: boolean;
  notice: Notice;
  /** A rescore preview's rank changes. */
  changes?: RankChange[];
  /** A rescore preview: submissions whose scores or status would change. */
  scoreChanges?: number;
}

/** What to tell the user about a refused call (401 is handled by signing out). */
export function failureNotice(failure: ApiFailure): Notice {
  const reason = failure.reason;
  switch (failure.status) {
    case null:
      return { key: 'error.network', params: { reason } };
    case 403:
      return { key: 'error.forbidden', params: { reason } };
    case 404:
      return { key: 'error.notFound', params: { reason } };
    case 409:
      return { key: 'error.conflict', params: { reason } };
    default:
      return { key: 'error.generic', params: { status: failure.status, reason } };
  }
}

export class ConsoleStore {
  view = $state<ViewName>('boards');
  event = $state.raw<EventPublicView | null>(null);
  live = $state.raw<LiveState>(emptyLiveState());
  health = $state.raw<LiveHealth>({ status: 'connecting', since: new Date().toISOString(), lastUpdateAt: null, lastSeq: null, transport: null, attempts: 0, error: null });
  now = $state(Date.now());
  /** Last problem of a read (shown above the view). */
  problem = $state.raw<Notice | null>(null);
  /** Result of the last action. */
  notice = $state.raw<(Notice & { ok: boolean; about?: Notice }) | null>(null);

  task = $state<string | null>(null);
  board = $state.raw<JuryBoardResponse | null>(null);
  /** The public board of the same task as the screens show it (frozen during a freeze). */
  publicBoard = $state.raw<LeaderboardData | null>(null);

  submissionFilters = $state<{ task: string; team: string }>({ task: '', team: '' });
  submissions = $state.raw<JurySubmission[] | null>(null);

  team = $state<string | null>(null);
  historyTask = $state<string | null>(null);
  history = $state.raw<TeamHistoryResponse | null>(null);

  auditFilters = $state<AuditFilters>({ action: '', actor: '', target: '', since: '' });
  audit = $state.raw<AuditEntry[] | null>(null);
  /** Entries in the whole chain and its newest hash, whatever the filters. */
  auditChain = $state.raw<{ total: number; head: string | null } | null>(null);

  director = $state.raw<DirectorState | null>(null);

  /** Open jury sessions (organisers only: a juror gets a 403, shown as such). */
  sessions = $state.raw<JurySessionView[] | null>(null);

  pending = $state.raw<PendingAction | null>(null);

  readonly announcements = $derived(activeAnnouncements(this.live, this.now));

  private client: FeedClient | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private clock: ReturnType<typeof setInterval> | null = null;
  private readonly off: (() => void)[] = [];

  constructor(
    readonly eventSlug: string,
    private readonly session: SessionStore,
    private readonly api: JuryApi,
    private readonly deps: ConsoleDeps = defaultConsoleDeps(),
  ) {}

  start(): void {
    void this.loadEvent();
    const client = this.deps.createClient({ event: this.eventSlug, token: this.session.current?.token });
    this.client = client;
    this.off.push(
      client.on('health', (health) => {
        this.health = health;
        if (health.error?.code === 'auth.invalid_token' || health.error?.code === 'auth.expired') this.session.expired();
      }),
      client.on('state', (state) => {
        this.live = state;
        if (state.event) this.event = state.event;
      }),
      client.on('frame', (frame) => this.onFrame(frame)),
    );
    client.connect();
    this.clock = setInterval(() => (this.now = client.serverNow()), this.deps.tickMs);
    void this.refreshView();
  }

  stop(): void {
    for (const off of this.off.splice(0)) off();
    this.client?.close();
    this.client = null;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (this.clock) clearInterval(this.clock);
    this.refreshTimer = null;
    this.clock = null;
  }

  show(view: ViewName): void {
    this.view = view;
    this.problem = null;
    void this.refreshView();
  }

  selectTask(task: string): void {
    this.task = task;
    this.board = null;
    this.publicBoard = null;
    void this.loadBoard();
  }

  selectTeam(team: string, task?: string): void {
    this.team = team;
    if (task) this.historyTask = task;
    this.history = null;
    void this.loadHistory();
  }

  selectHistoryTask(task: string): void {
    this.historyTask = task;
    this.history = null;
    void this.loadHistory();
  }

  /** Reads what the current view shows. */
  async refreshView(): Promise<void> {
    switch (this.view) {
      case 'boards':
        return this.loadBoard();
      case 'submissions':
        return this.loadSubmissions();
      case 'teams':
        return this.loadHistory();
      case 'director':
        return this.loadDirector();
      case 'sessions':
        return this.session.isOrganiser ? this.loadSessions() : undefined;
      case 'audit':
        return this.loadAudit();
      default:
        return;
    }
  }

  async loadBoard(): Promise<void> {
    const task = this.task ?? this.event?.tasks[0]?.slug ?? null;
    if (!task) return;
    this.task = task;
    const [outcome, shown] = await Promise.all([this.api.board(this.eventSlug, task), this.api.publicBoard(this.eventSlug, task)]);
    if (this.task !== task) return; // another task was picked meanwhile
    if (this.accept(outcome)) this.board = outcome.value;
    if (shown.ok) this.publicBoard = shown.value;
  }

  /** Bootstraps the task's final ranking on demand (the answer is the server's, shown as is). */
  async robustness(task: string, query: { resamples: number; seed: number }): Promise<ApiOutcome<RobustnessResponse>> {
    const outcome = await this.api.robustness(this.eventSlug, task, query);
    if (!outcome.ok && outcome.status === 401) this.session.expired();
    return outcome;
  }

  async loadSubmissions(): Promise<void> {
    const filters = { ...this.submissionFilters };
    const outcome = await this.api.submissions(this.eventSlug, { task: filters.task || undefined, team: filters.team || undefined });
    if (this.accept(outcome)) this.submissions = outcome.value.submissions;
  }

  async loadHistory(): Promise<void> {
    const team = this.team ?? this.event?.teams[0]?.slug ?? null;
    const task = this.historyTask ?? this.event?.tasks[0]?.slug ?? null;
    if (!team || !task) return;
    this.team = team;
    this.historyTask = task;
    const outcome = await this.api.teamHistory(this.eventSlug, team, task);
    if (this.team !== team || this.historyTask !== task) return;
    if (this.accept(outcome)) this.history = outcome.value;
  }

  async loadAudit(): Promise<void> {
    const filters = { ...this.auditFilters };
    // The picker gives a local time without a zone; the server takes an ISO instant.
    if (filters.since) {
      const since = new Date(filters.since);
      filters.since = Number.isNaN(since.getTime()) ? undefined : since.toISOString();
    }
    const outcome = await this.api.audit(this.eventSlug, filters);
    if (this.accept(outcome)) {
      this.audit = outcome.value.entries;
      this.auditChain = { total: outcome.value.total, head: outcome.value.head };
    }
  }

  async loadSessions(): Promise<void> {
    const outcome = await this.api.sessions(this.eventSlug);
    if (this.accept(outcome)) this.sessions = outcome.value.sessions;
  }

  async loadDirector(): Promise<void> {
    const outcome = await this.api.director(this.eventSlug);
    if (this.accept(outcome)) this.director = outcome.value.director;
  }

  // The actions: each one call, its reason given in the dialog.
  rescoreTask(task: string, reason: string, preview: boolean, submission?: string): Promise<ApiOutcome<unknown>> {
    return this.api.rescore(this.eventSlug, task, submission ? { reason, preview, submission } : { reason, preview });
  }

  setSubmissionDisqualified(id: string, disqualified: boolean, reason: string): Promise<ApiOutcome<unknown>> {
    return this.api.setSubmissionDisqualified(this.eventSlug, id, disqualified, reason);
  }

  setTeamDisqualified(team: string, disqualified: boolean, reason: string): Promise<ApiOutcome<unknown>> {
    return this.api.setTeamDisqualified(this.eventSlug, team, disqualified, reason);
  }

  flag(submission: string, note: string): Promise<ApiOutcome<unknown>> {
    return this.api.flag(this.eventSlug, submission, note);
  }

  resolveFlag(id: string, reason: string): Promise<ApiOutcome<unknown>> {
    return this.api.resolveFlag(this.eventSlug, id, reason);
  }

  withdraw(id: string, reason: string): Promise<ApiOutcome<unknown>> {
    return this.api.withdrawAnnouncement(this.eventSlug, id, reason);
  }

  revoke(id: string, reason: string): Promise<ApiOutcome<unknown>> {
    return this.api.revokeSession(this.eventSlug, id, reason);
  }

  announce(body: AnnounceRequest): Promise<ApiOutcome<unknown>> {
    return this.api.announce(this.eventSlug, body);
  }

  pin(body: Omit<DirectorPinRequest, 'reason'>, reason: string): Promise<ApiOutcome<unknown>> {
    return this.api.pinDirector(this.eventSlug, { ...body, reason });
  }

  release(reason: string): Promise<ApiOutcome<unknown>> {
    return this.api.releaseDirector(this.eventSlug, reason);
  }

  /** Opens the reason dialog for an action. */
  ask(action: PendingAction): void {
    this.notice = null;
    this.pending = action;
  }

  cancel(): void {
    this.pending = null;
  }

  /** Runs the pending action with its reason; a preview keeps the dialog open with its rank changes. */
  async confirm(text: string, preview: boolean): Promise<ActionResult> {
    const action = this.pending;
    if (!action) return { ok: false, notice: { key: 'action.reasonMissing' } };
    if (text.trim() === '') return { ok: false, notice: { key: 'action.reasonMissing' } };
    const outcome = await action.run(text.trim(), preview);
    if (!outcome.ok) {
      if (outcome.status === 401) this.session.expired();
      const notice = failureNotice(outcome);
      return { ok: false, notice };
    }
    const answer = outcome.value as Partial<RescoreResponse> | undefined;
    const changes = answer?.changes;
    if (preview) return { ok: true, notice: { key: 'rescore.previewTitle' }, changes: changes ?? [], scoreChanges: answer?.scoreChanges?.length ?? 0 };
    this.pending = null;
    const notice: Notice =
      action.kind === 'rescore' ? { key: 'rescore.applied', params: { n: changes?.length ?? 0 } } : action.kind === 'announce' ? { key: 'announce.sent' } : { key: 'action.done' };
    this.notice = { ...notice, ok: true, about: action.title };
    void this.refreshView();
    return { ok: true, notice, changes };
  }

  /** A read's answer: true when it carries a value; a 401 signs out, anything else is shown. */
  private accept<T>(outcome: ApiOutcome<T>): outcome is { ok: true; status: number; value: T } {
    if (outcome.ok) {
      this.problem = null;
      return true;
    }
    if (outcome.status === 401) this.session.expired();
    else this.problem = failureNotice(outcome);
    return false;
  }

  private async loadEvent(): Promise<void> {
    const result = await fetchEventView(this.deps.fetch, this.eventSlug);
    if (this.event) return; // the live snapshot is newer
    if (result.ok) {
      this.event = result.value;
      void this.refreshView();
    } else if (result.status === 404) this.problem = { key: 'error.eventNotFound', params: { event: this.eventSlug } };
  }

  /**
   * The jury feed carries the boards with every split: the board of the task on screen is taken
   * as it comes. Anything else that may change the view has it read again shortly after (once
   * for a burst), so the server's filters and order stay the only ones.
   */
  private onFrame(frame: FeedFrame): void {
    if (frame.type === 'director') this.director = frame.data.director;
    if (frame.type === 'jury' && frame.data.kind === 'board') {
      if (frame.data.board.task === this.task) this.board = frame.data.board;
    }
    if (!this.concerns(frame)) return;
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refreshView();
    }, this.deps.refreshDelayMs);
  }

  private concerns(frame: FeedFrame): boolean {
    switch (this.view) {
      case 'boards':
        // The true board comes in jury frames; the public one changes with public leaderboard frames.
        return frame.type === 'leaderboard' || (frame.type === 'jury' && frame.data.kind === 'team');
      case 'submissions':
        return frame.type === 'jury' ? frame.data.kind === 'submission' || frame.data.kind === 'flag' || frame.data.kind === 'team' : frame.type.startsWith('submission');
      case 'teams':
        return frame.type === 'jury' && (frame.data.kind === 'board' || frame.data.kind === 'team');
      case 'audit':
        return frame.type === 'jury' && frame.data.kind === 'audit';
      default:
        return false; // announcements and the director come with the live state itself
    }
  }
}
