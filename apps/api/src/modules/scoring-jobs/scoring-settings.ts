// Whether and how this process scores, from the validated config: read by the module's wiring and
// by the job service (whether an upload may start scoring during its commit).
import { ConfigError, type AppConfig } from '../../config/app-config.js';

/** `api`: takes submissions, recovers unfinished ones on start. `worker`: only consumes the Redis queue. */
export type ScoringRole = 'api' | 'worker';

export interface ScoringSettings {
  role: ScoringRole;
  /** Worker threads; 0 (Redis only) = this process never scores. */
  threads: number;
  redisUrl: string | undefined;
  /**
   * Whether an upload may start scoring during its commit (`ScoringJobService.startEarly`): on
   * PostgreSQL only, where this process scores. There the commit of a large file took 52-137 ms of
   * the end-to-end time and happens in the database server. On the embedded database the commit runs
   * on the event loop and holds its only session: overlapping it with workers busy on every core
   * made the 202 30-135 ms instead of 20-40 and `/api/health` wait longer (p99 12-25 ms instead of
   * 9-14 while scoring), for a gain within the noise (bench:submissions, 7 Dec).
   */
  earlyStarts: boolean;
}

export const SCORING_SETTINGS = Symbol('SCORING_SETTINGS');

/** Threads from the validated config (`PODIUM_SCORING_THREADS`); a worker needs at least one. */
export function scoringSettings(role: ScoringRole, config: AppConfig): ScoringSettings {
  if (role === 'worker' && config.scoringThreads < 1) throw new ConfigError(['PODIUM_SCORING_THREADS: must be at least 1 in a worker']);
  const scores = scoresHere({ redisUrl: config.redisUrl, threads: config.scoringThreads });
  return { role, threads: config.scoringThreads, redisUrl: config.redisUrl, earlyStarts: scores && config.database.kind === 'postgres' };
}

/** Whether this process runs scoring jobs: with Redis, only with threads (an API node may leave it to `podium worker`s). */
export const scoresHere = (settings: Pick<ScoringSettings, 'redisUrl' | 'threads'>): boolean => !settings.redisUrl || settings.threads > 0;
