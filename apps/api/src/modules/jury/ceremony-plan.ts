// The ceremony's steps for one task, from its final ranking (pure: tested without a database).
// With prizes: category prizes first (bundle order), then the whole ranking's places, each list
// from the highest place down to first. Without prizes: every place of the final ranking, last to
// first. Teams sharing a place (equal final ranks) are one step: ex-aequo is shown as such. A
// place nobody holds (a tie above took it, or too few teams) is no step.
import type { PrizeManifest, RevealStepData, RevealTeam } from '@podium/contracts';
import type { LeaderboardRow } from '@podium/rules';

/** A step as planned: everything but the ceremony id and the task-relative numbering. */
export type PlannedStep = Omit<RevealStepData, 'ceremony' | 'rehearsal' | 'step' | 'last'>;

/**
 * `finalRows`: the task's final public board (final split, freeze lifted) computed with the
 * frozen public board as `previous`, so each row's movement is from the board the room saw.
 */
export function planTaskSteps(task: string, finalRows: readonly LeaderboardRow[], prizes: readonly PrizeManifest[]): PlannedStep[] {
  const ranked = finalRows.filter((r): r is LeaderboardRow & { rank: number } => r.rank !== null);
  const forTask = prizes.filter((p) => p.task === task);
  if (forTask.length === 0) {
    const places = [...new Set(ranked.map((r) => r.rank))].sort((a, b) => b - a);
    return places.map((place) => step(task, null, place, ranked.filter((r) => r.rank === place)));
  }
  const steps: PlannedStep[] = [];
  const byCategory = forTask.filter((p) => p.category);
  const overall = forTask.filter((p) => !p.category);
  for (const prize of byCategory) {
    const members = ranked.filter((r) => r.team.category === prize.category);
    // Rank within the category: 1 + the category's teams strictly ahead (ties share it).
    const placeOf = (row: { rank: number }) => 1 + members.filter((m) => m.rank < row.rank).length;
    for (const place of [...prize.places].sort((a, b) => b - a)) {
      const teams = members.filter((m) => placeOf(m) === place);
      if (teams.length > 0) steps.push(step(task, prize, place, teams));
    }
  }
  const placePrizes = overall.flatMap((prize) => prize.places.map((place) => ({ prize, place }))).sort((a, b) => b.place - a.place);
  for (const { prize, place } of placePrizes) {
    const teams = ranked.filter((r) => r.rank === place);
    if (teams.length > 0) steps.push(step(task, prize, place, teams));
  }
  return steps;
}

function step(task: string, prize: PrizeManifest | null, place: number, rows: readonly (LeaderboardRow & { rank: number })[]): PlannedStep {
  const teams = rows.map(revealTeam);
  const first = teams[0]!;
  return {
    task,
    team: first.team,
    rank: first.rank,
    scores: first.scores,
    prize: prize && { title: { en: prize.title.en, fr: prize.title.fr }, place, category: prize.category ?? null },
    place,
    teams,
    exAequo: teams.length > 1,
    winner: !prize?.category && place === 1,
  };
}

function revealTeam(row: LeaderboardRow & { rank: number }): RevealTeam {
  const m = row.movement;
  return {
    team: row.team.slug,
    name: row.team.name,
    category: row.team.category ?? null,
    rank: row.rank,
    scores: { ...row.scores },
    points: row.points ?? null,
    frozenRank: m?.previousRank ?? null,
    movement: { kind: m?.kind ?? 'new', places: m?.places ?? 0 },
  };
}

/** Numbers a task's planned steps and adds the ceremony's identity. */
export function numberSteps(planned: readonly PlannedStep[], ceremony: string, rehearsal: boolean): RevealStepData[] {
  return planned.map((s, i) => ({ ...s, ceremony, rehearsal, step: i + 1, last: i === planned.length - 1 }));
}
