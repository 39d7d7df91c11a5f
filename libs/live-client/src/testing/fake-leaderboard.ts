// Builds leaderboard frames from team scores the way the server will (ties share the best rank,
// multi-score tasks ranked by rank sum / mean rank with the first score's rank as tie-break,
// movement against the previous frame). For fixtures and demos only: the real ranking rules
// live in the scoring/rules libraries.
import type { LeaderboardData, LeaderboardRow, RankMove, TaskPublicView, TeamPublicView } from '@podium/contracts';

export interface FakeStanding {
  team: TeamPublicView;
  scores: Record<string, number | null>;
  submissions: number;
  lastSubmissionAt: string | null;
}

/** Min ranks (1, 1, 3) of `values`, missing values last. */
function minRanks(values: (number | null)[], better: 'max' | 'min'): number[] {
  const key = (v: number | null) => (v === null ? Infinity : better === 'max' ? -v : v);
  return values.map((v) => 1 + values.filter((other) => key(other) < key(v)).length);
}

export function buildFakeLeaderboard(task: TaskPublicView, standings: FakeStanding[], previous: LeaderboardRow[] | null, computedAt: string): LeaderboardData {
  const ranked = standings.filter((s) => Object.values(s.scores).some((v) => v !== null));
  const perScore = task.scores.map((score) => minRanks(ranked.map((s) => s.scores[score.name] ?? null), score.better));
  const single = task.ranking === 'single';
  const points = ranked.map((_, i) => {
    const sum = perScore.reduce((total, ranks) => total + ranks[i], 0);
    return task.ranking === 'mean_rank' ? sum / perScore.length : sum;
  });
  // Sort key: primary rank (single) or points then first score's rank (tie-break).
  const keyOf = (i: number): [number, number] => (single ? [perScore[0][i], 0] : [points[i], perScore[0][i]]);
  const order = ranked.map((_, i) => i).sort((a, b) => {
    const [a1, a2] = keyOf(a);
    const [b1, b2] = keyOf(b);
    return a1 - b1 || a2 - b2 || ranked[a].team.name.localeCompare(ranked[b].team.name);
  });
  const previousRank = new Map(previous?.map((r) => [r.team.slug, r.rank]) ?? []);
  const rows: LeaderboardRow[] = [];
  order.forEach((i, position) => {
    const prior = position > 0 ? rows[position - 1] : null;
    const tied = prior !== null && keyOf(order[position - 1]).every((k, j) => k === keyOf(i)[j]);
    const s = ranked[i];
    rows.push({
      rank: tied && prior ? prior.rank : position + 1,
      team: s.team,
      scores: { ...s.scores },
      ...(single ? {} : { scoreRanks: Object.fromEntries(task.scores.map((score, j) => [score.name, perScore[j][i]])) }),
      points: single ? null : points[i],
      submissions: s.submissions,
      lastSubmissionAt: s.lastSubmissionAt,
      movement: { kind: 'same', previousRank: null, places: 0 },
    });
  });
  const up: RankMove[] = [];
  const down: RankMove[] = [];
  if (previous !== null) {
    for (const row of rows) {
      const before = previousRank.get(row.team.slug) ?? null;
      const rank = row.rank ?? rows.length; // every row built here is ranked
      if (before === null) {
        row.movement = { kind: 'new', previousRank: null, places: 0 };
        up.push({ team: row.team.slug, from: null, to: rank });
      } else if (before !== rank) {
        const places = before - rank;
        row.movement = { kind: places > 0 ? 'up' : 'down', previousRank: before, places };
        (places > 0 ? up : down).push({ team: row.team.slug, from: before, to: rank });
      } else {
        row.movement = { kind: 'same', previousRank: before, places: 0 };
      }
    }
  }
  const leaderBefore = previous?.find((r) => r.rank === 1)?.team.slug ?? null;
  const leaderNow = rows[0]?.team.slug ?? null;
  return {
    task: task.slug,
    rows,
    movements: {
      up,
      down,
      newLeader: previous !== null && leaderNow !== null && leaderNow !== leaderBefore ? { team: leaderNow, previous: leaderBefore } : null,
    },
    frozen: task.clock.frozen,
    frozenAt: task.clock.frozenAt,
    computedAt,
  };
}
