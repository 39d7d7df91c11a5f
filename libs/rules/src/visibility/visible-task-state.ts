// Everything one audience may know about a task at `now`: clock, board, recent submissions and,
// for a team, its own standing. What `GET /api/teams/me` and a live snapshot are built from.
import type { TaskClock } from '@podium/contracts';
import { selectSubmission } from '../leaderboard/select-submission.js';
import type { LeaderboardRow } from '../leaderboard/leaderboard.types.js';
import type { RoundTask, RoundTruth, Reveal } from '../model/round.js';
import { countsAgainstQuota, quotaStatus } from '../quota/quota-status.js';
import { isValidInstant, taskPhase } from '../window/task-window.js';
import { type Audience, frozenAtIso, publicFrozen } from './audience.js';
import { type VisibleLeaderboard, type VisibleLeaderboardOptions, visibleLeaderboard } from './visible-leaderboard.js';
import { representativeSubmissions, type SubmissionView, visibleSubmission } from './visible-submission.js';

/** The wire clock: `frozen` is the public freeze; `final` once the ceremony revealed the results. */
export function visibleTaskClock(task: RoundTask, reveal: Reveal, now: Date): TaskClock {
  const phase = taskPhase(task, now);
  const frozen = publicFrozen(task, reveal, now);
  return {
    phase: reveal.privateRevealed ? 'final' : phase === 'frozen' ? 'open' : phase,
    opensAt: task.opensAt.toISOString(),
    closesAt: task.closesAt.toISOString(),
    freezeAt: task.freezeAt && isValidInstant(task.freezeAt) ? task.freezeAt.toISOString() : null,
    frozen,
    frozenAt: frozenAtIso(task, frozen),
  };
}

export interface QuotaView {
  limit: number | null;
  perMinutes: number | null;
  used: number;
  remaining: number | null;
  allowed: boolean;
  nextSlotAt: string | null;
  retryAfterSeconds: number;
}

export interface OwnTaskState {
  team: string;
  /** Rank on the public board (the frozen one during a freeze), never the live rank. */
  rank: number | null;
  row: LeaderboardRow | null;
  /** The team's own representative submission now (post-freeze ones included), public split. */
  best: { submissionId: string; scores: Record<string, number | null> } | null;
  quota: QuotaView;
  /** Every own submission, newest first, in full. */
  submissions: SubmissionView[];
}

export interface VisibleTaskState {
  task: string;
  clock: TaskClock;
  leaderboard: VisibleLeaderboard;
  /** Newest first, at most `recent`, every team's, each as this audience may see it. */
  recentSubmissions: SubmissionView[];
  /** Team audience only. */
  own: OwnTaskState | null;
}

export interface VisibleTaskStateOptions extends VisibleLeaderboardOptions {
  /** How many recent submissions to include (default 30). */
  recent?: number;
}

export function visibleTaskState(truth: RoundTruth, audience: Audience, now: Date, options: VisibleTaskStateOptions = {}): VisibleTaskState {
  const newestFirst = [...truth.submissions].sort(
    (a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
  const leaderboard = visibleLeaderboard(truth, audience, now, options);
  // Only the jury and a team (for its own submissions) are told which submission counts.
  const reps = audience.kind === 'public' ? undefined : representativeSubmissions(truth, audience.kind === 'team' ? audience.teamId : undefined);
  return {
    task: truth.task.slug,
    clock: visibleTaskClock(truth.task, truth.reveal, now),
    leaderboard,
    recentSubmissions: newestFirst
      .slice(0, options.recent ?? 30)
      .flatMap((s) => visibleSubmission(truth, s, audience, now, reps) ?? []),
    own: audience.kind === 'team' ? ownState(truth, audience.teamId, leaderboard, newestFirst, now, reps) : null,
  };
}

function ownState(
  truth: RoundTruth,
  teamId: string,
  board: VisibleLeaderboard,
  newestFirst: RoundTruth['submissions'],
  now: Date,
  representatives?: ReadonlyMap<string, string>,
): OwnTaskState | null {
  const team = truth.teams.find((t) => t.id === teamId);
  if (!team) return null;
  const audience: Audience = { kind: 'team', teamId };
  const mine = newestFirst.filter((s) => s.teamId === teamId);
  const row = board.rows.find((r) => r.team.slug === team.slug) ?? null;
  const pick = selectSubmission(
    truth.task.policy,
    mine.filter((s) => s.status === 'scored' && s.scores !== null),
    truth.task,
    'public',
  );
  const rule = truth.task.quota ?? null;
  const q = quotaStatus(rule, mine.filter((s) => countsAgainstQuota(s.status)).map((s) => s.receivedAt), now);
  return {
    team: team.slug,
    rank: row?.rank ?? null,
    row,
    best: pick && {
      submissionId: pick.id,
      scores: Object.fromEntries(truth.task.scores.map((c) => [c.name, pick.scores?.[c.name]?.public ?? null])),
    },
    quota: {
      limit: rule?.limit ?? null,
      perMinutes: rule?.perMinutes ?? null,
      used: q.used,
      remaining: q.remaining,
      allowed: q.allowed,
      nextSlotAt: q.nextSlotAt ? q.nextSlotAt.toISOString() : null,
      retryAfterSeconds: q.retryAfterSeconds,
    },
    submissions: mine.flatMap((s) => visibleSubmission(truth, s, audience, now, representatives) ?? []),
  };
}
