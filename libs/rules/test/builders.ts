// Named builders for rounds, teams and submissions: tests say what a round looks like, not how
// the structs are spelled. Times are on the round day, in UTC.
import type { SplitScores } from '@podium/scoring';
import type { Reveal, RoundSubmission, RoundTask, RoundTeam, RoundTruth } from '../src/model/round.js';
import type { SubmissionStatus } from '../src/model/submission-status.js';

/** `at('14:41')` or `at('14:41:05.123')` on the round day. */
export const at = (time: string): Date => new Date(`2026-10-03T${time.length === 5 ? `${time}:00` : time}Z`);
export const plusMs = (d: Date, ms: number): Date => new Date(d.getTime() + ms);

export function aTeam(slug: string, overrides: Partial<RoundTeam> = {}): RoundTeam {
  return { id: `id-${slug}`, slug, name: slug.charAt(0).toUpperCase() + slug.slice(1), category: null, ...overrides };
}

/** Lung-nodule style task: one AUC, best submission, opens 13:00, freezes 14:40, closes 15:00. */
export function aucTask(overrides: Partial<RoundTask> = {}): RoundTask {
  return {
    slug: 'lung',
    opensAt: at('13:00'),
    closesAt: at('15:00'),
    freezeAt: at('14:40'),
    policy: 'best',
    scores: [{ name: 'auc', direction: 'higher' }],
    quota: { limit: 5, perMinutes: 60 },
    ...overrides,
  };
}

/** Multiple-sclerosis style task: one MSE, lower is better. */
export function mseTask(overrides: Partial<RoundTask> = {}): RoundTask {
  return aucTask({ slug: 'sep', scores: [{ name: 'mse', direction: 'lower' }], ...overrides });
}

/** Sarcopenia style task: Dice and area MSE, rank sum, ties to the better Dice rank. */
export function sarcopeniaTask(overrides: Partial<RoundTask> = {}): RoundTask {
  return aucTask({
    slug: 'sarco',
    scores: [
      { name: 'dice', direction: 'higher' },
      { name: 'area_mse', direction: 'lower' },
    ],
    ranking: { method: 'rank_sum', tie_break: 'dice' },
    ...overrides,
  });
}

/** Scores on each split; `all` defaults to the mean of the two (good enough for tests). */
export const splits = (pub: number | null, priv: number | null = pub, all?: number | null): SplitScores => ({
  public: pub,
  private: priv,
  all: all !== undefined ? all : pub !== null && priv !== null ? (pub + priv) / 2 : null,
});

let counter = 0;

export interface SubmissionShape {
  id?: string;
  team: RoundTeam;
  at: Date;
  status?: SubmissionStatus;
  scores?: Record<string, SplitScores> | null;
  scoredAt?: Date | null;
}

export function aSubmission(shape: SubmissionShape): RoundSubmission {
  const status = shape.status ?? (shape.scores ? 'scored' : 'queued');
  return {
    id: shape.id ?? `sub-${++counter}`,
    teamId: shape.team.id,
    receivedAt: shape.at,
    status,
    scores: status === 'scored' ? (shape.scores ?? null) : null,
    scoredAt: shape.scoredAt !== undefined ? shape.scoredAt : status === 'queued' || status === 'scoring' ? null : plusMs(shape.at, 1500),
    problems: status === 'rejected' ? [{ code: 'csv.duplicate_id', message: 'Line 12: case Examen7 appears twice.', line: 12, caseId: 'Examen7' }] : undefined,
  };
}

/** A scored submission on a single-score task: `scoredOn(team, '13:30', { auc: splits(0.8, 0.7) })`. */
export const scoredOn = (team: RoundTeam, time: string, scores: Record<string, SplitScores>, id?: string) =>
  aSubmission({ team, at: at(time), scores, id });

export const NOT_REVEALED: Reveal = { privateRevealed: false };
export const REVEALED: Reveal = { privateRevealed: true };

export function aRound(task: RoundTask, teams: RoundTeam[], submissions: RoundSubmission[], reveal: Reveal = NOT_REVEALED): RoundTruth {
  return { task, teams, submissions, reveal };
}
