// The state a screen holds, and how each feed frame changes it. Pure and immutable: every
// screen (Svelte, CLI) applies frames the same way, and tests need no socket.
import type {
  AnnouncementData,
  DirectorState,
  EventPublicView,
  FeedEvent,
  LiveAudience,
  LiveSnapshot,
  RecentSubmission,
  RevealSnapshot,
  TaskLiveState,
} from '@podium/contracts';
import { LIVE_RECENT_SUBMISSIONS } from '@podium/contracts';

/** A task's ceremony as far as it went (the snapshot's shape). */
export type RevealState = RevealSnapshot;

export interface LiveState {
  event: EventPublicView | null;
  audience: LiveAudience;
  team: string | null;
  /** By task slug. */
  tasks: Record<string, TaskLiveState>;
  /** Newest first. */
  recentSubmissions: RecentSubmission[];
  announcements: AnnouncementData[];
  /** The official ceremony's tasks by slug (only the latest ceremony's; a stopped one is dropped). */
  reveals: Record<string, RevealState>;
  /** A rehearsal's, the same way (jury subscribers only; screens opened with `rehearsal=1` show them). */
  rehearsals: Record<string, RevealState>;
  /** Task of the latest ceremony frame of each kind: what a ceremony scene shows. */
  currentReveal: { official: string | null; rehearsal: string | null };
  /** What `follow=director` screens must show; null = nothing pinned (screens run their own playlist). */
  director: DirectorState | null;
}

export function emptyLiveState(): LiveState {
  return { event: null, audience: 'public', team: null, tasks: {}, recentSubmissions: [], announcements: [], reveals: {}, rehearsals: {}, currentReveal: { official: null, rehearsal: null }, director: null };
}

export function stateFromSnapshot(snapshot: LiveSnapshot): LiveState {
  const tasks: Record<string, TaskLiveState> = {};
  for (const task of snapshot.tasks) tasks[task.task] = task;
  return {
    event: snapshot.event,
    audience: snapshot.audience,
    team: snapshot.team,
    tasks,
    recentSubmissions: snapshot.recentSubmissions.slice(0, LIVE_RECENT_SUBMISSIONS),
    announcements: snapshot.announcements.filter((a) => !a.withdrawn),
    ...revealsFromSnapshot(snapshot.reveals ?? []),
    director: snapshot.director ?? null,
  };
}

function revealsFromSnapshot(list: readonly RevealSnapshot[]): Pick<LiveState, 'reveals' | 'rehearsals' | 'currentReveal'> {
  const reveals: Record<string, RevealState> = {};
  const rehearsals: Record<string, RevealState> = {};
  const currentReveal: LiveState['currentReveal'] = { official: null, rehearsal: null };
  for (const r of list) {
    (r.rehearsal ? rehearsals : reveals)[r.task] = r;
    // Tasks come in the order the ceremony revealed them: the last one is the current one.
    currentReveal[r.rehearsal ? 'rehearsal' : 'official'] = r.task;
  }
  return { reveals, rehearsals, currentReveal };
}

/** Applies a `reveal.*` frame to the reveals of its kind (official or rehearsal). */
function applyReveal(state: LiveState, event: Extract<FeedEvent, { type: 'reveal.started' | 'reveal.step' | 'reveal.finished' }>): LiveState {
  const { task, ceremony, rehearsal } = event.data;
  const key = rehearsal ? 'rehearsals' : 'reveals';
  const kind = rehearsal ? 'rehearsal' : 'official';
  // A new ceremony replaces what an earlier one showed.
  const kept: Record<string, RevealState> = {};
  for (const [slug, r] of Object.entries(state[key])) if (r.ceremony === ceremony) kept[slug] = r;
  const current: RevealState = kept[task] ?? { task, ceremony, rehearsal, steps: null, revealed: [], finished: false };
  let next: RevealState;
  if (event.type === 'reveal.started') next = { ...current, steps: event.data.steps, revealed: current.revealed, finished: false };
  else if (event.type === 'reveal.step') {
    const revealed = [...current.revealed.filter((s) => s.step !== event.data.step), event.data].sort((a, b) => a.step - b.step);
    next = { ...current, revealed };
  } else if (event.data.aborted) {
    return { ...state, [key]: {}, currentReveal: { ...state.currentReveal, [kind]: null } };
  } else next = { ...current, finished: true };
  return { ...state, [key]: { ...kept, [task]: next }, currentReveal: { ...state.currentReveal, [kind]: task } };
}

/** Applies one event; unknown event types (a newer server) leave the state unchanged. */
export function applyFeedEvent(state: LiveState, event: FeedEvent): LiveState {
  switch (event.type) {
    case 'submission.received': {
      const item: RecentSubmission = { ...event.data, outcome: 'pending', settledAt: null, scores: null };
      return { ...state, recentSubmissions: prependRecent(state.recentSubmissions, item) };
    }
    case 'submission.scored':
    case 'submission.settled': {
      const d = event.data;
      const at = state.recentSubmissions.findIndex((s) => s.submissionId === d.submissionId);
      const existing = at === -1 ? undefined : state.recentSubmissions[at];
      const settled: RecentSubmission = {
        submissionId: d.submissionId,
        team: d.team,
        task: d.task,
        receivedAt: existing?.receivedAt ?? ('receivedAt' in d ? d.receivedAt : d.settledAt),
        outcome: d.outcome,
        settledAt: d.settledAt,
        scores: d.scores,
      };
      let recent: RecentSubmission[];
      if (existing) {
        recent = state.recentSubmissions.slice();
        recent[at] = settled;
      } else recent = prependRecent(state.recentSubmissions, settled);
      return { ...state, recentSubmissions: recent };
    }
    case 'leaderboard': {
      const task = state.tasks[event.data.task];
      const clock = task?.clock ?? state.event?.tasks.find((t) => t.slug === event.data.task)?.clock;
      if (!clock) return state; // a task this event does not know: nothing to attach the board to
      return { ...state, tasks: { ...state.tasks, [event.data.task]: { task: event.data.task, clock, leaderboard: event.data } } };
    }
    case 'clock': {
      const { task, clock } = event.data;
      const tasks = { ...state.tasks };
      if (tasks[task]) tasks[task] = { ...tasks[task], clock };
      const view = state.event && {
        ...state.event,
        tasks: state.event.tasks.map((t) => (t.slug === task ? { ...t, clock } : t)),
      };
      return { ...state, event: view, tasks };
    }
    case 'announcement': {
      const others = state.announcements.filter((a) => a.id !== event.data.id);
      return { ...state, announcements: event.data.withdrawn ? others : [...others, event.data] };
    }
    case 'reveal.started':
    case 'reveal.step':
    case 'reveal.finished':
      return applyReveal(state, event);
    case 'director':
      return { ...state, director: event.data.director };
    default:
      return state;
  }
}

/** `item` first, then the others without its id, capped: one new array (this runs for every submission on every screen). */
function prependRecent(list: readonly RecentSubmission[], item: RecentSubmission): RecentSubmission[] {
  const out: RecentSubmission[] = [item];
  for (let i = 0; i < list.length && out.length < LIVE_RECENT_SUBMISSIONS; i++) {
    if (list[i].submissionId !== item.submissionId) out.push(list[i]);
  }
  return out;
}

/** Announcements a screen should show at `now` (expired ones dropped), oldest first. */
export function activeAnnouncements(state: LiveState, now: number): AnnouncementData[] {
  return state.announcements.filter((a) => a.until === null || Date.parse(a.until) > now);
}
