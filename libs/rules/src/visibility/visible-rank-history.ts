// How standings evolved (the race chart and disputes), as one audience may see it. Rebuilt from
// the submissions themselves, so the history can never disagree with the board: the point at
// time t is the board as of t, and the public history stops where the frozen board stands.
import type { RankHistoryPoint, RankHistorySeries } from '@podium/contracts';
import { rankTeams, scoresOnSplit } from '../leaderboard/rank-teams.js';
import { selectSubmission } from '../leaderboard/select-submission.js';
import type { RoundSubmission, RoundTruth, ScoreSplit } from '../model/round.js';
import { type Audience, frozenAtIso, publicBoardSplit, publicCutoff, publicFrozen } from './audience.js';
import { visibleLeaderboard } from './visible-leaderboard.js';

export interface VisibleRankHistory {
  split: ScoreSplit;
  frozen: boolean;
  frozenAt: string | null;
  /** Teams of the current top `top` of this audience's board, in its order. */
  series: RankHistorySeries[];
}

export interface RankHistoryOptions {
  /** How many teams (default 8). */
  top?: number;
  /** Jury only: the split (default `public`). */
  split?: ScoreSplit;
}

/**
 * One point per change of a team's rank, scores or points, stamped with the `received_at` of the
 * submission that caused it (the instant the freeze and the boards use). A submission received
 * before the freeze and scored during it belongs to the history before the freeze.
 */
export function visibleRankHistory(truth: RoundTruth, audience: Audience, now: Date, options: RankHistoryOptions = {}): VisibleRankHistory {
  const { task, reveal } = truth;
  const jury = audience.kind === 'jury';
  const split = jury ? (options.split ?? 'public') : publicBoardSplit(task, reveal);
  const cutoff = jury ? null : publicCutoff(task, reveal, now);
  const frozen = publicFrozen(task, reveal, now);
  const multi = task.scores.length > 1;
  const known = new Set(truth.teams.map((t) => t.id));

  const scored = truth.submissions
    .filter((s) => s.status === 'scored' && s.scores !== null && known.has(s.teamId) && (cutoff === null || s.receivedAt.getTime() <= cutoff.getTime()))
    .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const current = new Map<string, RoundSubmission>();
  const points = new Map<string, RankHistoryPoint[]>();
  for (let i = 0; i < scored.length; i++) {
    const s = scored[i];
    const held = current.get(s.teamId);
    current.set(s.teamId, held ? (selectSubmission(task.policy, [held, s], task, 'public') ?? s) : s);
    // Submissions received at the same millisecond make one step.
    if (i + 1 < scored.length && scored[i + 1].receivedAt.getTime() === s.receivedAt.getTime()) continue;
    const at = s.receivedAt.toISOString();
    const entries = [...current].flatMap(([teamId, sub]) => {
      const scores = scoresOnSplit(sub, task, split);
      return scores ? [{ teamId, scores }] : [];
    });
    const byTeam = new Map(entries.map((e) => [e.teamId, e.scores]));
    for (const r of rankTeams(entries, task).values()) {
      const point: RankHistoryPoint = { at, rank: r.rank, scores: byTeam.get(r.teamId)!, points: multi ? r.points : null };
      const series = points.get(r.teamId) ?? [];
      const last = series[series.length - 1];
      if (!last || last.rank !== point.rank || !Object.is(last.points, point.points) || task.scores.some((c) => !Object.is(last.scores[c.name], point.scores[c.name]))) {
        series.push(point);
        points.set(r.teamId, series);
      }
    }
  }

  const board = visibleLeaderboard(truth, jury ? { kind: 'jury' } : { kind: 'public' }, now, { split });
  const idBySlug = new Map(truth.teams.map((t) => [t.slug, t.id]));
  const series = board.rows
    .filter((r) => r.rank !== null)
    .slice(0, Math.max(0, options.top ?? 8))
    .map((r) => ({ team: { slug: r.team.slug, name: r.team.name, category: r.team.category }, points: points.get(idBySlug.get(r.team.slug) ?? '') ?? [] }));
  return { split, frozen, frozenAt: frozenAtIso(task, frozen), series };
}
