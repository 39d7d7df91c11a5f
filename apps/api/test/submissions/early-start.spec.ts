// Scoring overlaps the commit of an upload (on PostgreSQL): when every scoring worker idles, the
// file is started as soon as its upload has passed the checks, and the job the commit queues takes
// that outcome (ScoringPool.startEarly). The outcome is the one the job would have computed; a
// start no job takes (the upload was answered by an earlier submission) is dropped. Real worker
// threads, no timings. CI runs this file on both databases.
import { buildBundleZip, VALID_EVENT_YAML, validBundleFiles } from '@podium/event-bundle';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Clock } from '../../src/common/clock/clock.service.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { APP_CONFIG } from '../../src/config/app-config.token.js';
import { LeaderboardRefresher } from '../../src/modules/leaderboard/leaderboard-refresher.js';
import { RoundTruthRepository } from '../../src/modules/leaderboard/round-truth.repository.js';
import { ScoringJobService } from '../../src/modules/scoring-jobs/scoring-job.service.js';
import { ScoringPool } from '../../src/modules/scoring-jobs/scoring-pool.js';
import { SCORING_QUEUE, type ScoringQueue } from '../../src/modules/scoring-jobs/scoring-queue.js';
import { scoringSettings } from '../../src/modules/scoring-jobs/scoring-settings.js';
import { adminAuth, createTestApp, type TestApp } from '../helpers/test-app.js';
import { IDS, keyFiles, ref, sha, spec, teamZip as ringsZip, warmKey } from './sarcopenia-key.js';

/** A team's zip; `shift` moves its radii and areas, so each shift is another file. */
const teamZip = (shift = 0) => ringsZip(IDS.map((_, i) => 60 + 5 * i + shift), (i) => 4 + ((i + shift) % 3));

describe('ScoringPool.startEarly', () => {
  // Never closed: idle threads are unref'd and end with the process (see sharedScoringPool).
  const pool = new ScoringPool(2, { splitMinBytes: 0 });
  const single = new ScoringPool(1);
  const request = (bytes: Uint8Array, fileName = 'team.zip') => ({ spec, key: ref, fileName, bytes });
  const loadKey = async () => keyFiles;

  beforeAll(async () => {
    await Promise.all([pool.warm([warmKey]), single.warm([warmKey])]);
  });

  it('the job of a file started early takes that outcome: the one a worker gives on the whole file', async () => {
    const bytes = teamZip(1);
    const [started, taken, splits] = [pool.earlyStarts, pool.earlyStartsTaken, pool.splitJobs];
    expect(pool.startEarly(request(bytes), sha(bytes), loadKey)).toBe(true);
    // Started on the idle workers (split, the file being a mask zip), not when the job asks.
    expect(pool.splitJobs + pool.load).toBeGreaterThan(splits);
    const outcome = await pool.score(request(bytes), loadKey, sha(bytes));
    expect(pool.earlyStarts - started).toBe(1);
    expect(pool.earlyStartsTaken - taken).toBe(1);
    expect(outcome.kind).toBe('scored');
    expect(outcome).toEqual(await single.score(request(bytes), loadKey));
    // Taken once: the same request again is scored anew.
    await pool.score(request(bytes), loadKey, sha(bytes));
    expect(pool.earlyStartsTaken - taken).toBe(1);
  });

  it('a job for another file, another name or without the tag does not take it', async () => {
    const bytes = teamZip(2);
    const taken = pool.earlyStartsTaken;
    expect(pool.startEarly(request(bytes), sha(bytes), loadKey)).toBe(true);
    await pool.score(request(bytes, 'other.zip'), loadKey, sha(bytes));
    await pool.score(request(teamZip(3)), loadKey, sha(teamZip(3)));
    await pool.score(request(bytes), loadKey);
    expect(pool.earlyStartsTaken).toBe(taken);
    // Still there for its own job.
    await pool.score(request(bytes), loadKey, sha(bytes));
    expect(pool.earlyStartsTaken - taken).toBe(1);
  });

  it('starts nothing while a worker is busy, nor for a key the workers do not hold', async () => {
    const started = pool.earlyStarts;
    const running = pool.score(request(teamZip(4)), loadKey);
    const bytes = teamZip(5);
    expect(pool.startEarly(request(bytes), sha(bytes), loadKey)).toBe(false);
    await running;
    const otherKey = { csvSha256: sha(Buffer.from('another key')), masksSha256: null };
    expect(pool.startEarly({ ...request(bytes), key: otherKey }, sha(bytes), loadKey)).toBe(false);
    expect(pool.earlyStarts).toBe(started);
    expect(pool.keysLoadedOnRequest).toBe(0);
  });

  it('drops a start that no job took in time', async () => {
    const shortLived = new ScoringPool(1, { earlyStartTtlMs: 0 });
    await shortLived.warm([warmKey]);
    const bytes = teamZip(6);
    expect(shortLived.startEarly(request(bytes), sha(bytes), loadKey)).toBe(true);
    // Its drop was timed first (0 ms): a timer set after it fires after it.
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect((await shortLived.score(request(bytes), loadKey, sha(bytes))).kind).toBe('scored');
    expect(shortLived.earlyStartsTaken).toBe(0);
  });
});

describe('where uploads start early', () => {
  const config = (database: AppConfig['database'], redisUrl?: string, scoringThreads = 2) => ({ database, redisUrl, scoringThreads }) as AppConfig;
  const postgres = { kind: 'postgres', url: 'postgres://db/podium' } as const;

  it('on PostgreSQL where this process scores; never on the embedded database, nor where other processes score', () => {
    expect(scoringSettings('api', config(postgres)).earlyStarts).toBe(true);
    expect(scoringSettings('api', config(postgres, 'redis://queue:6379')).earlyStarts).toBe(true);
    expect(scoringSettings('api', config(postgres, 'redis://queue:6379', 0)).earlyStarts).toBe(false);
    expect(scoringSettings('api', config({ kind: 'pglite', dataDir: '/tmp/podium' })).earlyStarts).toBe(false);
  });
});

// The fixture event moved to a day to come; its lung task is open at this instant.
const DAY = '2099-10-13';
const DURING_LUNG = new Date(`${DAY}T12:00:00.000Z`);
const bundle = () => Buffer.from(buildBundleZip({ ...validBundleFiles(), 'event.yaml': VALID_EVENT_YAML.replaceAll('2019-10-13', DAY) }));
const lungCsv = ['examen_id,probability', ...Array.from({ length: 12 }, (_, i) => `Poumon${i + 1},${((i * 7) % 10) / 10}`)].join('\n') + '\n';

describe('an upload started early over HTTP', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { PODIUM_SCORING_THREADS: '2' } });
    const imported = await request(t.server).post('/api/admin/events').set(adminAuth).set('Content-Type', 'application/zip').send(bundle()).expect(201);
    token = imported.body.teams.find((team: { slug: string }) => team.slug === 'owkin').token;
    vi.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(DURING_LUNG));
  });
  afterAll(() => t.close());

  const submit = () => request(t.server).post('/api/events/fixture-2019/tasks/lung/submissions').set('Authorization', `Bearer ${token}`).attach('file', Buffer.from(lungCsv), 'lung.csv');
  const settle = async () => {
    await t.app.get<ScoringQueue>(SCORING_QUEUE).idle();
    await t.app.get(LeaderboardRefresher).idle();
  };

  it('is scored from the outcome started during its commit (PostgreSQL), to the scores its job computes', async () => {
    const pool = t.app.get(ScoringPool);
    const early = t.app.get<AppConfig>(APP_CONFIG).database.kind === 'postgres' ? 1 : 0;
    const [started, taken] = [pool.earlyStarts, pool.earlyStartsTaken];
    const accepted = await submit().expect(202);
    await settle();
    expect(pool.earlyStarts - started).toBe(early);
    expect(pool.earlyStartsTaken - taken).toBe(early);
    const details = await request(t.server).get(`/api/submissions/${accepted.body.id}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(details.body.status).toBe('scored');
    // The scores stored are those the job's own path computes for the same file (nothing is
    // started early for it now).
    const ref = (await t.app.get(RoundTruthRepository).findTask('fixture-2019', 'lung'))!;
    const settlement = await t.app.get(ScoringJobService).compute({ sha256: accepted.body.sha256, fileName: 'lung.csv' }, ref);
    if (settlement.status !== 'scored') expect.fail(`computed ${settlement.status}`);
    const stored = await t.app.get(DataSource).query('SELECT public, private, "all" FROM score WHERE submission_id = $1 AND name = $2', [Number(accepted.body.id), 'auc']);
    expect(stored).toEqual([settlement.result.scores['auc']]);
    expect(pool.earlyStartsTaken - taken).toBe(early);
    expect(pool.keysLoadedOnRequest).toBe(0);
  });

  it('the same bytes again are answered by the first submission: a start made for them is left unused', async () => {
    const pool = t.app.get(ScoringPool);
    const early = t.app.get<AppConfig>(APP_CONFIG).database.kind === 'postgres' ? 1 : 0;
    const [started, taken] = [pool.earlyStarts, pool.earlyStartsTaken];
    const count = async () => (await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM submission'))[0].n as number;
    const rows = await count();
    const again = await submit().expect(202);
    await settle();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await count()).toBe(rows);
    expect(pool.earlyStarts - started).toBe(early);
    expect(pool.earlyStartsTaken).toBe(taken);
  });
});
