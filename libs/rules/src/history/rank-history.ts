// What changed between two boards of the same audience: when to keep a rank-history snapshot,
// and the movements a screen animates (arrows, a new leader).
import type { LeaderboardMovements, RankMove, RowMovement } from '@podium/contracts';
import type { LeaderboardRow } from '../leaderboard/leaderboard.types.js';

export interface Movements extends LeaderboardMovements {
  /** Movement of every team ranked on the next board, by team slug. */
  byTeam: Record<string, RowMovement>;
}

type Board = { rows: readonly LeaderboardRow[] };

const ranksOf = (board: Board | null | undefined): Map<string, number> =>
  new Map((board?.rows ?? []).flatMap((r) => (r.rank === null ? [] : [[r.team.slug, r.rank] as const])));

/**
 * Movements from `prev` to `next` (boards of the same audience and split). Without a previous
 * board every ranked team is `new`. `up` lists gains and entries (best new rank first), `down`
 * losses. `newLeader` is set when a team is at rank 1 that was not before (a tie for first with
 * a newcomer counts); `previous` is the team first on the previous board.
 */
export function movements(prev: Board | null | undefined, next: Board): Movements {
  const before = ranksOf(prev);
  const result: Movements = { byTeam: {}, up: [], down: [], newLeader: null };
  for (const row of next.rows) {
    if (row.rank === null) continue;
    const slug = row.team.slug;
    const from = before.get(slug) ?? null;
    const move: RankMove = { team: slug, from, to: row.rank };
    if (from === null) {
      result.byTeam[slug] = { kind: 'new', previousRank: null, places: 0 };
      result.up.push(move);
    } else if (from > row.rank) {
      result.byTeam[slug] = { kind: 'up', previousRank: from, places: from - row.rank };
      result.up.push(move);
    } else if (from < row.rank) {
      result.byTeam[slug] = { kind: 'down', previousRank: from, places: from - row.rank };
      result.down.push(move);
    } else {
      result.byTeam[slug] = { kind: 'same', previousRank: from, places: 0 };
    }
  }
  result.up.sort((a, b) => a.to - b.to);
  result.down.sort((a, b) => a.to - b.to);
  const newcomer = next.rows.find((r) => r.rank === 1 && before.get(r.team.slug) !== 1);
  if (newcomer) {
    const first = prev?.rows[0];
    result.newLeader = { team: newcomer.team.slug, previous: first && first.rank === 1 ? first.team.slug : null };
  }
  return result;
}

export interface ChangeOptions {
  /** Also report changes of submission counts and last submission times (what a screen shows). */
  includeActivity?: boolean;
}

const sameNumbers = (a: Record<string, number | null> | undefined, b: Record<string, number | null> | undefined): boolean => {
  if (!a || !b) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (!Object.is(a[k] ?? null, b[k] ?? null)) return false;
  return true;
};

/**
 * True when `next` shows something `prev` did not: the order of the rows, a rank, a score or
 * points (a rank-history snapshot is due); with `includeActivity`, also a submission count or a
 * last submission time (a screen frame is due). Compare boards of the same audience only:
 * comparing the truth and publishing on a change would reveal the timing of hidden results.
 */
export function leaderboardChanged(prev: Board | null | undefined, next: Board, options: ChangeOptions = {}): boolean {
  if (!prev) return true;
  if (prev.rows.length !== next.rows.length) return true;
  return next.rows.some((n, i) => {
    const p = prev.rows[i];
    if (p.team.slug !== n.team.slug || p.rank !== n.rank || !Object.is(p.points, n.points)) return true;
    if (!sameNumbers(p.scores, n.scores)) return true;
    return options.includeActivity === true && (p.submissions !== n.submissions || p.lastSubmissionAt !== n.lastSubmissionAt);
  });
}
