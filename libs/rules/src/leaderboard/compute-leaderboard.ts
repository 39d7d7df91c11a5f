// A task's leaderboard from its submissions: pick each team's representative submission by the
// policy, rank them with `@podium/scoring`'s `rankEntries` (ties share the best rank), and add
// activity (counts, last time) and movements. Cut-offs (`asOf`) are how freezes are built.
import type { RankEntry } from '@podium/scoring';
import { movements } from '../history/rank-history.js';
import type { RoundSubmission, RoundTeam, ScoreSplit, TaskScoring } from '../model/round.js';
import { countsAgainstQuota } from '../quota/quota-status.js';
import type { JuryLeaderboard, JuryLeaderboardRow, LeaderboardRow } from './leaderboard.types.js';
import { rankTeams, scoresOnSplit } from './rank-teams.js';
import { selectSubmission } from './select-submission.js';

export interface LeaderboardInput {
  scoring: TaskScoring;
  teams: readonly RoundTeam[];
  /** Every submission to the task (any status); the ones not on this board are filtered here. */
  submissions: readonly RoundSubmission[];
  split: ScoreSplit;
  /** Only submissions received at or before this instant count (freeze); null = all. */
  asOf: Date | null;
  /** Split `best` is judged on (default `public`, see `selectSubmission`). */
  selectBy?: ScoreSplit;
  /** The previous board of the same audience and split, for movements. */
  previous?: { rows: readonly LeaderboardRow[] } | null;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Chosen {
  submission: RoundSubmission;
  scores: Record<string, number | null>;
}

export function computeLeaderboard(input: LeaderboardInput): JuryLeaderboard {
  const { scoring, split } = input;
  const cutoff = input.asOf?.getTime() ?? Infinity;
  const multi = scoring.scores.length > 1;
  const byTeam = new Map<string, RoundSubmission[]>();
  for (const s of input.submissions) {
    if (s.receivedAt.getTime() > cutoff) continue;
    const list = byTeam.get(s.teamId);
    if (list) list.push(s);
    else byTeam.set(s.teamId, [s]);
  }

  const chosen = new Map<string, Chosen>();
  for (const team of input.teams) {
    const scored = (byTeam.get(team.id) ?? []).filter((s) => s.status === 'scored' && s.scores !== null);
    const pick = selectSubmission(scoring.policy, scored, scoring, input.selectBy ?? 'public');
    if (!pick) continue;
    const scores = scoresOnSplit(pick, scoring, split);
    // No value at all on this split (e.g. the key has no private case): nothing to rank.
    if (!scores) continue;
    chosen.set(team.id, { submission: pick, scores });
  }

  const entries: RankEntry[] = [...chosen].map(([teamId, c]) => ({ teamId, scores: c.scores }));
  const ranked = rankTeams(entries, scoring);

  const rows: JuryLeaderboardRow[] = input.teams.map((team) => {
    const counted = (byTeam.get(team.id) ?? []).filter((s) => countsAgainstQuota(s.status));
    const last = counted.length === 0 ? null : Math.max(...counted.map((s) => s.receivedAt.getTime()));
    const c = chosen.get(team.id);
    const r = ranked.get(team.id);
    const row: JuryLeaderboardRow = {
      rank: r?.rank ?? null,
      team: { slug: team.slug, name: team.name, category: team.category ?? null },
      scores: c?.scores ?? Object.fromEntries(scoring.scores.map((s) => [s.name, null])),
      points: multi && r ? r.points : null,
      submissions: counted.length,
      lastSubmissionAt: last === null ? null : new Date(last).toISOString(),
      movement: null,
      teamId: team.id,
      bestSubmissionId: r && c ? c.submission.id : null,
    };
    if (multi && r) row.scoreRanks = { ...r.scoreRanks };
    return row;
  });

  const reachedAt = (row: JuryLeaderboardRow) => chosen.get(row.teamId)?.submission.receivedAt.getTime() ?? 0;
  rows.sort((a, b) => {
    if (a.rank !== null && b.rank !== null) return a.rank - b.rank || reachedAt(a) - reachedAt(b) || cmp(a.team.slug, b.team.slug);
    if (a.rank !== null || b.rank !== null) return a.rank === null ? 1 : -1;
    return cmp(a.team.slug, b.team.slug);
  });

  const m = movements(input.previous, { rows });
  for (const row of rows) row.movement = row.rank === null ? null : (m.byTeam[row.team.slug] ?? null);
  const { byTeam: _byTeam, ...wireMovements } = m;
  return {
    split,
    policy: scoring.policy,
    asOf: input.asOf ? input.asOf.toISOString() : null,
    rows,
    movements: wireMovements,
    leaderChanged: m.newLeader !== null,
  };
}
