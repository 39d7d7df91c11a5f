// Public views of an event and its tasks: what `GET /api/events/:event` answers and what a live
// snapshot carries. Audience-safe by construction: no answer keys, tokens or hidden scores.
import type { LocalizedText } from '../localized-text.js';
import type { LeaderboardPolicy, TeamCategory } from '../manifest.js';

/**
 * Where a task stands in its schedule. `frozen` is separate (see TaskClock) because a board
 * can be frozen while the task is still open and stays frozen after it closes.
 * `final`: results published (after the prize ceremony); nothing is hidden any more.
 */
export type TaskPhase = 'upcoming' | 'open' | 'closed' | 'final';

export interface TaskClock {
  phase: TaskPhase;
  /** ISO 8601 instants (UTC, `Z`). */
  opensAt: string;
  closesAt: string;
  freezeAt: string | null;
  /** True while the public board is frozen (from freezeAt until results are published). */
  frozen: boolean;
  /** When the freeze actually took effect (may differ from freezeAt if a jury moved it). */
  frozenAt: string | null;
}

export interface TeamPublicView {
  slug: string;
  name: string;
  category: TeamCategory | null;
}

/** One score column of a task, in display order; the first one is the primary score. */
export interface ScoreColumnView {
  name: string;
  /** Column header on screens; defaults to `name` when absent. */
  label?: LocalizedText;
  /** `max`: higher is better (AUC, Dice); `min`: lower is better (MSE). */
  better: 'max' | 'min';
}

export interface TaskPublicView {
  slug: string;
  title: LocalizedText;
  clock: TaskClock;
  /** Decimals shown on screens for this task's scores. */
  precision: number;
  scores: ScoreColumnView[];
  /** `single`: ranked by the one score; otherwise the points (rank sum or mean rank) rank teams. */
  ranking: 'single' | 'rank_sum' | 'mean_rank';
  leaderboard: LeaderboardPolicy;
  /** Submissions allowed per window, if the task has a quota. */
  quota: { submissions: number; perMinutes: number } | null;
}

export interface EventPublicView {
  slug: string;
  title: LocalizedText;
  /** IANA zone of the venue, for displaying times (e.g. `Europe/Paris`). */
  timezone: string;
  teams: TeamPublicView[];
  tasks: TaskPublicView[];
  /** Server clock when this view was produced: screens correct their countdowns with it. */
  serverTime: string;
}
