// REST: `GET /api/events/:event/tasks/:task/history[?top=N]` - how standings evolved, for the
// race chart. Same visibility as the leaderboard: a public answer on a frozen board stops at frozenAt.
import type { ScoreColumnView, TaskPublicView, TeamPublicView } from './event-view.js';

export interface RankHistoryPoint {
  /** When this standing began (the submission that caused it was scored). */
  at: string;
  rank: number;
  scores: Record<string, number | null>;
  points: number | null;
}

export interface RankHistorySeries {
  team: TeamPublicView;
  /** Time order; one point per change of the team's rank, scores or points. */
  points: RankHistoryPoint[];
}

export interface RankHistoryResponse {
  event: string;
  task: string;
  ranking: TaskPublicView['ranking'];
  scores: ScoreColumnView[];
  frozen: boolean;
  frozenAt: string | null;
  /** Teams of the current top `top` (default 8), current rank order. */
  series: RankHistorySeries[];
  serverTime: string;
}

export const RANK_HISTORY_DEFAULT_TOP = 8;

export function eventPublicPath(event: string): string {
  return `/api/events/${encodeURIComponent(event)}`;
}

export function rankHistoryPath(event: string, task: string, top?: number): string {
  const base = `${eventPublicPath(event)}/tasks/${encodeURIComponent(task)}/history`;
  return top === undefined ? base : `${base}?top=${top}`;
}
