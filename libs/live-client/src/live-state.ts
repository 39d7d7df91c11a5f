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
  RevealStepData,
  TaskLiveState,
} from '@podium/contracts';
import { LIVE_RECENT_SUBMISSIONS } from '@podium/contracts';

export interface RevealState {
  task: string;
  steps: number;
  revealed: RevealStepData[];
  finished: boolean;
}

export interface LiveState {
  event: EventPublicView | null;
  audience: LiveAudience;
  team: string | null;
  /** By task slug. */
  tasks: Record<string, TaskLiveState>;
  /** Newest first. */
  recentSubmissions: RecentSubmission[];
  announcements: AnnouncementData[];
  reveals: Record<string, RevealState>;
  /** What `follow=director` screens must show; null = nothing pinned (screens run their own playlist). */
  director: DirectorState | null;
}

export function emptyLiveState(): LiveState {
  return { event: null, audience: 'public', team: null, tasks: {}, recentSubmissions: [], announcements: [], reveals: {}, director: null };
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
    reveals: {},
    director: snapshot.director ?? null,
  };
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
      return {
        ...state,
        reveals: { ...state.reveals, [event.data.task]: { task: event.data.task, steps: event.data.steps, revealed: [], finished: false } },
      };
    case 'reveal.step': {
      const current = state.reveals[event.data.task] ?? { task: event.data.task, steps: 0, revealed: [], finished: false };
      const revealed = [...current.revealed.filter((s) => s.step !== event.data.step), event.data];
      return { ...state, reveals: { ...state.reveals, [event.data.task]: { ...current, revealed } } };
    }
    case 'reveal.finished': {
      const current = state.reveals[event.data.task];
      if (!current) return state;
      return { ...state, reveals: { ...state.reveals, [event.data.task]: { ...current, finished: true } } };
    }
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
