// Start-up rehearses an upload (IntakeWarmup): both encodings of an upload are read in memory, the
// checks and one team's own view run, and on the embedded database the write statements are
// planned without running - nothing is written: every table holds the same rows before and after,
// and no sequence moved. No timings (bench:submissions measures the first upload after a restart).
import { buildBundleZip, VALID_EVENT_YAML, validBundleFiles } from '@podium/event-bundle';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Clock } from '../../src/common/clock/clock.service.js';
import { LeaderboardRefresher } from '../../src/modules/leaderboard/leaderboard-refresher.js';
import { isEmbeddedDatabase } from '../../src/database/database-kind.js';
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
  // Sequences too: a statement run and rolled back would still have taken an id (or a feed seq).
  const sequences: { name: string; value: string | null }[] = await dataSource.query(`SELECT sequencename AS name, last_value::text AS value FROM pg_sequences ORDER BY 1`);
  for (const { name, value } of sequences) counts[`sequence ${name}`] = Number(value ?? 0);
  return counts;
}

describe('intake warm-up at start-up', () => {
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
  });

  it('reads an upload in both encodings, runs a team\'s checks and view, plans the writes, writing nothing', async () => {
    t = await createTestApp();
    const warmup = t.app.get(IntakeWarmup);
    // Blob, submission and feed inserts, the job's claim and settle: planned on the embedded database only.
    const planned = isEmbeddedDatabase(t.app.get(DataSource)) ? 5 : 0;
    const uploads = ['application/octet-stream', 'multipart/form-data'];
    // An empty database: the uploads are read, there is no team to build a view for.
    expect(await warmup.rehearse()).toEqual({ uploads, teamView: false, planned });

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
    expect(await warmup.rehearse()).toEqual({ uploads, teamView: true, planned });
    expect(await rowCounts(t)).toEqual(before);

    // The statements it planned then run for real: the next upload is stored and scored.
    const next = await request(t.server)
      .post('/api/events/fixture-2019/tasks/lung/submissions')
      .set('Authorization', `Bearer ${imported.body.teams[1].token}`)
      .attach('file', Buffer.from(lungCsv), 'lung.csv')
      .expect(202);
    await t.app.get<ScoringQueue>(SCORING_QUEUE).idle();
    const details = await request(t.server).get(`/api/submissions/${next.body.id}`).set('Authorization', `Bearer ${imported.body.teams[1].token}`).expect(200);
    expect(details.body).toMatchObject({ status: 'scored', sha256: next.body.sha256 });
    expect(Object.keys(details.body.scores ?? {})).not.toHaveLength(0);
  });
});
