// Start-up rehearses the reading half of an upload (IntakeWarmup): both encodings of an upload are
// read in memory and one team's own view is built, and nothing is written - every table holds the
// same rows before and after. No timings (bench:submissions measures the first upload after a restart).
import { buildBundleZip, VALID_EVENT_YAML, validBundleFiles } from '@podium/event-bundle';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Clock } from '../../src/common/clock/clock.service.js';
import { LeaderboardRefresher } from '../../src/modules/leaderboard/leaderboard-refresher.js';
import { IntakeWarmup } from '../../src/modules/submissions/intake-warmup.js';
import { SCORING_QUEUE, type ScoringQueue } from '../../src/modules/scoring-jobs/scoring-queue.js';
import { adminAuth, createTestApp, type TestApp } from '../helpers/test-app.js';

const DAY = '2099-10-13';
const bundle = () => Buffer.from(buildBundleZip({ ...validBundleFiles(), 'event.yaml': VALID_EVENT_YAML.replaceAll('2019-10-13', DAY) }));
const lungCsv = ['examen_id,probability', ...Array.from({ length: 12 }, (_, i) => `Poumon${i + 1},${((i % 10) / 10).toFixed(2)}`)].join('\n') + '\n';

/** Rows per table of the public schema (the migrations' own bookkeeping included). */
async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const dataSource = t.app.get(DataSource);
  const tables: { name: string }[] = await dataSource.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = Number((await dataSource.query(`SELECT count(*)::int AS n FROM "${name}"`))[0].n);
  return counts;
}

describe('intake warm-up at start-up', () => {
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
  });

  it('reads an upload in both encodings and builds a team view, writing nothing', async () => {
    t = await createTestApp();
    const warmup = t.app.get(IntakeWarmup);
    // An empty database: the uploads are read, there is no team to build a view for.
    expect(await warmup.rehearse()).toEqual({ uploads: ['application/octet-stream', 'multipart/form-data'], teamView: false });

    const imported = await request(t.server).post('/api/admin/events').set(adminAuth).set('Content-Type', 'application/zip').send(bundle()).expect(201);
    vi.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(`${DAY}T12:00:00.000Z`));
    await request(t.server)
      .post('/api/events/fixture-2019/tasks/lung/submissions')
      .set('Authorization', `Bearer ${imported.body.teams[0].token}`)
      .attach('file', Buffer.from(lungCsv), 'lung.csv')
      .expect(202);
    // Settled, and its board refreshed (the refresh writes a feed marker, up to 250 ms after the import's).
    await t.app.get<ScoringQueue>(SCORING_QUEUE).idle();
    await t.app.get(LeaderboardRefresher).idle();

    const before = await rowCounts(t);
    expect(before['submission']).toBe(1);
    expect(await warmup.rehearse()).toEqual({ uploads: ['application/octet-stream', 'multipart/form-data'], teamView: true });
    expect(await rowCounts(t)).toEqual(before);
  });
});
