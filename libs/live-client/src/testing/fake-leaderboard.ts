// Builds leaderboard frames from team scores the way the server will (single score, ties share
// the best rank, movement against the previous frame). For fixtures and demos only: the real
// ranking rules live in the scoring/rules libraries.
import type { LeaderboardData, LeaderboardRow, RankMove, TaskPublicView, TeamPublicView } from '@podium/contracts';

export interface FakeStanding {
  team: TeamPublicView;
  score: number | null;
  submissions: number;
  lastSubmissionAt: string | null;
}

export function buildFakeLeaderboard(
  task: TaskPublicView,
  standings: FakeStanding[],
  previous: LeaderboardRow[] | null,
  computedAt: string,
): LeaderboardData {
  const score = task.scores[0];
  const sign = score.better === 'max' ? -1 : 1;
  const sorted = [...standings].sort((a, b) => {
    if (a.score === null || b.score === null) return a.score === null ? (b.score === null ? 0 : 1) : -1;
    return sign * (a.score - b.score) || a.team.name.localeCompare(b.team.name);
  });
  const previousRank = new Map(previous?.map((r) => [r.team.slug, r.rank]) ?? []);
  const rows: LeaderboardRow[] = sorted.map((s, index) => ({
    rank: index + 1,
    team: s.team,
    scores: { [score.name]: s.score },
    points: null,
    submissions: s.submissions,
    lastSubmissionAt: s.lastSubmissionAt,
    movement: { kind: 'same', previousRank: null, places: 0 },
  }));
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].scores[score.name] === rows[i - 1].scores[score.name]) rows[i].rank = rows[i - 1].rank;
  }
  const up: RankMove[] = [];
  const down: RankMove[] = [];
  for (const row of rows) {
    const before = previousRank.get(row.team.slug) ?? null;
    if (previous === null) continue;
    if (before === null) {
      row.movement = { kind: 'new', previousRank: null, places: 0 };
      up.push({ team: row.team.slug, from: null, to: row.rank });
    } else if (before !== row.rank) {
      const places = before - row.rank;
      row.movement = { kind: places > 0 ? 'up' : 'down', previousRank: before, places };
      (places > 0 ? up : down).push({ team: row.team.slug, from: before, to: row.rank });
    } else {
      row.movement = { kind: 'same', previousRank: before, places: 0 };
    }
  }
  const leaderBefore = previous?.find((r) => r.rank === 1)?.team.slug ?? null;
  const leaderNow = rows[0]?.rank === 1 && rows[0].scores[score.name] !== null ? rows[0].team.slug : null;
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
