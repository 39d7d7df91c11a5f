// Answer keys are parsed in every scoring worker before the first submission needs them: after
// an import, and after a restart on the same database (a new pool, as in a new process). The
// pool counts the keys a scoring job had to load itself; it stays at zero here. Each worker also
// rehearses the mask task (decodes and scores the key's own masks), and with two workers or more
// they score the key's masks zip together, split as a team's zip is. No timings.
import { buildBundleZip, VALID_EVENT_YAML, validBundleFiles } from '@podium/event-bundle';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { TaskEntity } from '../../src/modules/events/task.entity.js';
import { Clock } from '../../src/common/clock/clock.service.js';
import { LeaderboardRefresher } from '../../src/modules/leaderboard/leaderboard-refresher.js';
import { ScoringPool } from '../../src/modules/scoring-jobs/scoring-pool.js';
import { SCORING_QUEUE, type ScoringQueue } from '../../src/modules/scoring-jobs/scoring-queue.js';
import { adminAuth, createTestApp, type TestApp } from '../helpers/test-app.js';
import { createTestDatabase } from '../helpers/test-database.js';

// The fixture event moved to a day to come: its tasks are upcoming when imported.
const DAY = '2099-10-13';
const DURING_LUNG = new Date(`${DAY}T12:00:00.000Z`);
const bundle = () => Buffer.from(buildBundleZip({ ...validBundleFiles(), 'event.yaml': VALID_EVENT_YAML.replaceAll('2019-10-13', DAY) }));
const lungCsv = (shift: number) =>
  ['examen_id,probability', ...Array.from({ length: 12 }, (_, i) => `Poumon${i + 1},${(((i * 7 + shift) % 10) / 10).toFixed(2)}`)].join('\n') + '\n';

async function taskKeys(t: TestApp) {
  const tasks = await t.app.get(DataSource).getRepository(TaskEntity).find({ order: { position: 'ASC' } });
  return tasks.map((task) => ({ slug: task.slug, ref: { csvSha256: task.answerKeySha256, masksSha256: task.answerMasksSha256 } }));
}

/** Submits to the lung task at a time inside its window and waits until it is settled. */
async function submitLung(t: TestApp, token: string, shift: number): Promise<string> {
  vi.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(DURING_LUNG));
  const accepted = await request(t.server)
    .post('/api/events/fixture-2019/tasks/lung/submissions')
    .set('Authorization', `Bearer ${token}`)
    .attach('file', Buffer.from(lungCsv(shift)), 'lung.csv')
    .expect(202);
  await t.app.get<ScoringQueue>(SCORING_QUEUE).idle();
  await t.app.get(LeaderboardRefresher).idle();
  const details = await request(t.server).get(`/api/submissions/${accepted.body.id}`).set('Authorization', `Bearer ${token}`).expect(200);
  return details.body.status;
}

describe('answer keys are warm before the first submission', () => {
  let second: TestApp | undefined;
  afterAll(async () => {
    await second?.close();
  });

  it('holds every imported key in every worker, after the import and after a restart', async () => {
    const database = await createTestDatabase();
    const first = await createTestApp({ database });
    const imported = await request(first.server).post('/api/admin/events').set(adminAuth).set('Content-Type', 'application/zip').send(bundle()).expect(201);
    const tokens = new Map<string, string>(imported.body.teams.map((team: { slug: string; token: string }) => [team.slug, team.token]));

    const pool = first.app.get(ScoringPool);
    const loadedBefore = pool.keysLoadedOnRequest;
    const keys = await taskKeys(first);
    expect(keys.map((key) => key.slug)).toEqual(['lung', 'ms', 'sarcopenia']);
    // The import answered once the keys were parsed, the mask key (a zip of NIfTI files) included.
    for (const key of keys) expect(pool.holds(key.ref), key.slug).toBe(true);
    const masksPerWorker = pool.masksRehearsed / pool.size;
    expect(masksPerWorker).toBeGreaterThan(0);
    expect(Number.isInteger(masksPerWorker)).toBe(true);
    expect(await submitLung(first, tokens.get('owkin')!, 1)).toBe('scored');
    expect(pool.keysLoadedOnRequest - loadedBefore).toBe(0);
    await first.close({ keepDatabase: true });

    // Another thread count gives the restarted app a pool of its own: fresh workers, no key parsed.
    second = await createTestApp({ database, env: { PODIUM_SCORING_THREADS: String(pool.size + 1) } });
    const restarted = second.app.get(ScoringPool);
    expect(restarted).not.toBe(pool);
    for (const key of keys) expect(restarted.holds(key.ref), key.slug).toBe(true);
    expect(restarted.masksRehearsed).toBe(masksPerWorker * restarted.size);
    expect(restarted.size).toBeGreaterThanOrEqual(2);
    expect(restarted.splitRehearsals).toBe(1);
    expect(restarted.splitJobs).toBe(0);
    expect(await submitLung(second, tokens.get('rad-lyon')!, 2)).toBe('scored');
    expect(restarted.keysLoadedOnRequest).toBe(0);
  });
});
