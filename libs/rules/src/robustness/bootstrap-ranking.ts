// How robust a final ranking is (Maier-Hein et al. 2018; challengeR's bootstrap): the test cases
// are drawn again with replacement, every team's scores recomputed on the draw, the teams ranked
// again with the board's own rules (`rankTeams`), many times. From the resamples: each team's
// score interval, its rank interval, and how often each pair of neighbours keeps its order.
// Neighbours whose order holds too rarely form "statistically tied" groups for the jury.
// Pure: the caller brings the scorer of each team and the random source (seeded).
import { percentileOfSorted } from '@podium/scoring';
import { rankTeams } from '../leaderboard/rank-teams.js';
import { primaryScore } from '../leaderboard/select-submission.js';
import type { TaskScoring } from '../model/round.js';

/** A source of uniform integers in [0, n) (a seeded generator for reproducible resamples). */
export interface IndexSource {
  int(n: number): number;
}

export interface BootstrapTeam {
  teamId: string;
  /** The team's scores (by score name) on these answer-key case indices, repeats allowed. */
  score(indices: Uint32Array): Record<string, number | null>;
}

export interface BootstrapInput {
  scoring: Pick<TaskScoring, 'scores' | 'ranking'>;
  /** The ranked teams in the final board's order (best first). */
  teams: readonly BootstrapTeam[];
  /** Answer-key indices of the cases a resample draws from (the final split's cases). */
  cases: Uint32Array;
  resamples: number;
  random: IndexSource;
  /** Neighbour pairs are checked among the first `top` teams of `teams`. */
  top: number;
  /** A neighbour pair whose order holds in fewer than this fraction of resamples is tied. */
  threshold: number;
}

/** Percentile interval (2.5th, 97.5th, numpy's linear method); null when no resample had a value. */
export interface BootstrapInterval {
  low: number | null;
  high: number | null;
}

export interface BootstrapTeamSummary {
  teamId: string;
  /** By score name. */
  scores: Record<string, BootstrapInterval>;
  /** The primary score's name (`ranking.tie_break`, else the first score; what `best` judges). */
  primary: string;
  /** Multi-score tasks: the aggregated points (rank sum or mean rank); null otherwise. */
  points: BootstrapInterval | null;
  /** Rank interval, widened to whole ranks (floor of the low, ceiling of the high percentile). */
  ranks: { low: number; high: number };
  /** Resamples on which the primary score was undefined (e.g. a single class drawn for an AUC). */
  undefinedResamples: number;
}

export interface BootstrapNeighbour {
  upper: string;
  lower: string;
  /** Fraction of resamples where `upper` ranks strictly ahead of `lower`. */
  orderHolds: number;
}

export interface BootstrapResult {
  teams: BootstrapTeamSummary[];
  neighbours: BootstrapNeighbour[];
  /** Maximal runs of neighbours whose order holds in fewer than `threshold` of resamples (team ids). */
  tiedGroups: string[][];
}

const LOW = 2.5;
const HIGH = 97.5;

function interval(values: Float64Array): BootstrapInterval {
  const defined = values.filter((v) => !Number.isNaN(v)).sort();
  if (defined.length === 0) return { low: null, high: null };
  return { low: percentileOfSorted(defined, LOW), high: percentileOfSorted(defined, HIGH) };
}

export function bootstrapRanking(input: BootstrapInput): BootstrapResult {
  const { teams, cases, resamples, scoring } = input;
  const names = scoring.scores.map((s) => s.name);
  const multi = names.length > 1;
  const primary = primaryScore(scoring)?.name ?? names[0] ?? '';
  // Per team: each score, the points and the rank on every resample (NaN = undefined).
  const values = teams.map(() => Object.fromEntries(names.map((n) => [n, new Float64Array(resamples)])) as Record<string, Float64Array>);
  const points = teams.map(() => new Float64Array(resamples));
  const ranks = teams.map(() => new Int32Array(resamples));
  const drawn = new Uint32Array(cases.length);

  for (let r = 0; r < resamples; r++) {
    for (let k = 0; k < drawn.length; k++) drawn[k] = cases[input.random.int(cases.length)]!;
    const entries = teams.map((team, t) => {
      const raw = team.score(drawn);
      // As the boards (`scoresOnSplit`): only finite numbers rank; anything else ranks last.
      const scores = Object.fromEntries(names.map((n) => [n, typeof raw[n] === 'number' && Number.isFinite(raw[n]) ? raw[n] : null]));
      for (const n of names) values[t]![n]![r] = scores[n] ?? Number.NaN;
      return { teamId: team.teamId, scores };
    });
    const ranked = rankTeams(entries, scoring);
    teams.forEach((team, t) => {
      const entry = ranked.get(team.teamId);
      ranks[t]![r] = entry?.rank ?? teams.length;
      points[t]![r] = multi && entry ? entry.points : Number.NaN;
    });
  }

  const summaries: BootstrapTeamSummary[] = teams.map((team, t) => {
    const sortedRanks = Float64Array.from(ranks[t]!).sort();
    return {
      teamId: team.teamId,
      scores: Object.fromEntries(names.map((n) => [n, interval(values[t]![n]!)])),
      primary,
      points: multi ? interval(points[t]!) : null,
      ranks: resamples === 0 ? { low: 0, high: 0 } : { low: Math.floor(percentileOfSorted(sortedRanks, LOW)), high: Math.ceil(percentileOfSorted(sortedRanks, HIGH)) },
      undefinedResamples: values[t]![primary]?.reduce((n, v) => n + (Number.isNaN(v) ? 1 : 0), 0) ?? 0,
    };
  });

  const neighbours: BootstrapNeighbour[] = [];
  const tiedGroups: string[][] = [];
  let group: string[] = [];
  const top = Math.min(input.top, teams.length);
  for (let t = 0; t + 1 < top; t++) {
    let holds = 0;
    for (let r = 0; r < resamples; r++) if (ranks[t]![r]! < ranks[t + 1]![r]!) holds++;
    const orderHolds = resamples === 0 ? 0 : holds / resamples;
    const upper = teams[t]!.teamId;
    const lower = teams[t + 1]!.teamId;
    neighbours.push({ upper, lower, orderHolds });
    if (orderHolds < input.threshold) {
      if (group.length === 0) group.push(upper);
      group.push(lower);
    } else if (group.length > 0) {
      tiedGroups.push(group);
      group = [];
    }
  }
  if (group.length > 0) tiedGroups.push(group);
  return { teams: summaries, neighbours, tiedGroups };
}
