// Shared plumbing of the submission tests: an app on a fresh database with a seeded round, a
// controllable server clock, and helpers to submit and wait until scoring settles.
import request from 'supertest';
import { vi } from 'vitest';
import { Clock } from '../../src/common/clock/clock.service.js';
import { LeaderboardRefresher } from '../../src/modules/leaderboard/leaderboard-refresher.js';
import { SCORING_QUEUE, type ScoringQueue } from '../../src/modules/scoring-jobs/scoring-queue.js';
import { createTestApp, type TestApp, type TestAppOptions } from '../helpers/test-app.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { type RoundOptions, seedRound, type SeededRound } from './round-seed.js';
import { DataSource } from 'typeorm';

export interface Harness {
  t: TestApp;
  round: SeededRound;
  /** Sets the server clock (every later request sees this instant). */
  setNow(at: Date): void;
  /** Sets the server clock to a function (e.g. a different instant for each reading). */
  setClock(clock: () => Date): void;
  submit(team: number, body: string | Uint8Array, options?: { key?: string; fileName?: string; multipart?: boolean; task?: string }): request.Test;
  /** Waits until every queued job and leaderboard refresh of this process is done. */
  settle(): Promise<void>;
  auth(team: number): { Authorization: string };
}

export interface HarnessOptions extends Omit<RoundOptions, 'now'> {
  now?: Date;
  /** Reuse a database (restart tests). */
  database?: TestDatabase;
  /** Seed a round (default true); false on a restarted database. */
  seed?: boolean;
  /** Extra environment for the app (limits under test). */
  env?: Record<string, string | undefined>;
  /** Live hub timing other than the default. */
  liveTiming?: TestAppOptions['liveTiming'];
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const t = await createTestApp({
    ...(options.database ? { database: options.database } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.liveTiming ? { liveTiming: options.liveTiming } : {}),
  });
  const now = options.now ?? new Date();
  let clock = () => now;
  vi.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(clock().getTime()));
  const round: SeededRound =
    options.seed === false
      ? { eventSlug: 'round', taskSlug: 'lung', taskId: 0, teams: [], truth: [], caseIds: [] }
      : await seedRound(t.app.get(DataSource), { ...options, now });
  const auth = (team: number) => ({ Authorization: `Bearer ${round.teams[team]!.token}` });
  return {
    t,
    round,
    setNow: (at) => {
      clock = () => at;
    },
    setClock: (fn) => {
      clock = fn;
    },
    auth,
    submit(team, body, { key, fileName = 'predictions.csv', multipart = true, task = round.taskSlug } = {}) {
      const path = `/api/events/${round.eventSlug}/tasks/${task}/submissions`;
      let req = request(t.server).post(path).set(auth(team));
      if (key !== undefined) req = req.set('Idempotency-Key', key);
      const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
      if (multipart) return req.attach('file', bytes, fileName);
      return req.set('Content-Type', 'application/octet-stream').set('X-File-Name', fileName).send(bytes);
    },
    async settle() {
      const queue = t.app.get<ScoringQueue>(SCORING_QUEUE);
      const refresher = t.app.get(LeaderboardRefresher);
      await queue.idle();
      await refresher.idle();
      await queue.idle();
    },
  };
}
