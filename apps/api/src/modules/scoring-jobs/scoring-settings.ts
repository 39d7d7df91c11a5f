// Whether and how this process scores, from the validated config: read by the module's wiring and
// by the job service (which starts scoring early only where it will also run the job).
import { ConfigError, type AppConfig } from '../../config/app-config.js';

/** `api`: takes submissions, recovers unfinished ones on start. `worker`: only consumes the Redis queue. */
export type ScoringRole = 'api' | 'worker';

export interface ScoringSettings {
  role: ScoringRole;
  /** Worker threads; 0 (Redis only) = this process never scores. */
  threads: number;
  redisUrl: string | undefined;
}

export const SCORING_SETTINGS = Symbol('SCORING_SETTINGS');

/** Threads from the validated config (`PODIUM_SCORING_THREADS`); a worker needs at least one. */
export function scoringSettings(role: ScoringRole, config: AppConfig): ScoringSettings {
  if (role === 'worker' && config.scoringThreads < 1) throw new ConfigError(['PODIUM_SCORING_THREADS: must be at least 1 in a worker']);
  return { role, threads: config.scoringThreads, redisUrl: config.redisUrl };
}

/** Whether this process runs scoring jobs: with Redis, only with threads (an API node may leave it to `podium worker`s). */
export const scoresHere = (settings: ScoringSettings): boolean => !settings.redisUrl || settings.threads > 0;
