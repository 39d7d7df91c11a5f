// The database layer on the engine under test (PGlite, or PostgreSQL with DATABASE_URL):
// migrations match the entities, and concurrent transactions stay isolated.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DataSource } from 'typeorm';
import { openDataSource } from '../src/database/data-source.factory.js';
import { AuditEntryEntity } from '../src/modules/audit/audit-entry.entity.js';
import { FeedEventEntity } from '../src/modules/feed/feed-event.entity.js';
import { BlobRepository } from '../src/modules/blobs/blob.repository.js';
import { EventEntity } from '../src/modules/events/event.entity.js';
import { TaskEntity } from '../src/modules/events/task.entity.js';
import { RoundTruthRepository } from '../src/modules/leaderboard/round-truth.repository.js';
import { TeamsRepository } from '../src/modules/teams/teams.repository.js';
import { TeamEntity } from '../src/modules/teams/team.entity.js';
import { isEmbeddedDatabase } from '../src/database/database-kind.js';
import { EmbeddedWrites } from '../src/database/embedded-writes.js';
import { captureExpectedErrors } from './helpers/expected-logs.js';
import { waitFor } from '@podium/test-support';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';

describe('database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDataSource(db.database);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('has applied the committed migrations and the entities have not drifted from them', async () => {
    const applied = await dataSource.query('SELECT name FROM migrations');
    expect(applied.map((row: { name: string }) => row.name)).toEqual(dataSource.migrations.map((m) => m.name));
    const diff = await dataSource.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('keeps two concurrent transactions apart when one rolls back', async () => {
    const embedded = isEmbeddedDatabase(dataSource);
    const queryRunners = vi.spyOn(dataSource, 'createQueryRunner');
    let secondWrote = false;
    let releaseFirst!: () => void;
    const firstMayFinish = new Promise<void>((resolve) => (releaseFirst = resolve));
    const committed = dataSource.transaction(async (manager) => {
      await manager.insert(AuditEntryEntity, { actor: 'test', action: 'tx.commit', target: 'a', details: {} });
      await firstMayFinish;
      await manager.insert(AuditEntryEntity, { actor: 'test', action: 'tx.commit', target: 'b', details: {} });
    });
    const rolledBack = dataSource
      .transaction(async (manager) => {
        await manager.insert(AuditEntryEntity, { actor: 'test', action: 'tx.rollback', target: 'c', details: {} });
        secondWrote = true;
        throw new Error('roll me back');
      })
      .catch((error: Error) => error.message);
    // The second transaction runs while the first is open: on PostgreSQL it writes beside it; on
    // PGlite (one session) its query runner waits for the first's to be released.
    await waitFor(() => secondWrote || (embedded && queryRunners.mock.calls.length >= 2), 'the second transaction to write, or to queue');
    releaseFirst();
    await committed;
    expect(await rolledBack).toBe('roll me back');
    queryRunners.mockRestore();
    const rows = await dataSource.getRepository(AuditEntryEntity).find({ order: { id: 'ASC' } });
    expect(rows.map((row) => `${row.action}:${row.target}`)).toEqual(['tx.commit:a', 'tx.commit:b']);
  });

  it('numbers feed events with a strictly increasing bigint seq', async () => {
    const event = await dataSource.getRepository(EventEntity).save({
      slug: 'seq-test',
      title: { en: 'Seq', fr: 'Seq' },
      timezone: 'UTC',
    });
    const feed = dataSource.getRepository(FeedEventEntity);
    const seqs: bigint[] = [];
    for (let i = 0; i < 3; i++) {
      const saved = await feed.save({ eventId: event.id, type: 'test', data: { i }, audience: 'public' });
      seqs.push(BigInt(saved.seq));
    }
    expect(seqs[1]! > seqs[0]! && seqs[2]! > seqs[1]!).toBe(true);
  });

  // On PGlite parameterised statements take the pipelined path (pglite-pipelined-query.ts); on
  // PostgreSQL node-postgres. Both must see and return the same values.
  it('passes parameters of every kind the app uses and returns them typed, on either database', async () => {
    const at = new Date('2026-03-14T10:00:00.123Z');
    const [row] = await dataSource.query(
      `SELECT $1::int AS n, $2::text AS t, $3::timestamptz AS at, $4::bytea AS bytes, $5::text[] AS list, $6::boolean AS flag,
              $7::jsonb AS doc, $8::text AS nothing, $9::float8 AS x, $10::int[] AS ids, octet_length($4::bytea) AS size`,
      [42, "it's \\ \"quoted\"", at, Buffer.from([0, 1, 255]), ['queued', 'a,b', 'c"d'], true, JSON.stringify({ k: [1, 'x'] }), null, 0.125, [3, 4]],
    );
    expect(row).toMatchObject({ n: 42, t: "it's \\ \"quoted\"", list: ['queued', 'a,b', 'c"d'], flag: true, doc: { k: [1, 'x'] }, nothing: null, x: 0.125, ids: [3, 4], size: 3 });
    expect(new Date(row.at).toISOString()).toBe(at.toISOString());
    expect([...new Uint8Array(row.bytes)]).toEqual([0, 1, 255]);
  });

  // On PGlite each statement stays prepared (pglite-pipelined-query.ts); a schema change through
  // the pool drops them, so a statement whose result shape changed runs again without an error.
  it('runs a statement again after a schema change alters what it returns', async () => {
    await dataSource.query('CREATE TABLE shape_check (id int PRIMARY KEY, label text)');
    try {
      await dataSource.query('INSERT INTO shape_check (id, label) VALUES ($1, $2)', [1, 'one']);
      const all = 'SELECT * FROM shape_check WHERE id = $1';
      expect(await dataSource.query(all, [1])).toEqual([{ id: 1, label: 'one' }]);
      await dataSource.query('ALTER TABLE shape_check ADD COLUMN note text');
      expect(await dataSource.query(all, [1])).toEqual([{ id: 1, label: 'one', note: null }]);
    } finally {
      await dataSource.query('DROP TABLE shape_check');
    }
  });

  it('answers a failed statement with its SQLSTATE and stays usable', async () => {
    const insert = `INSERT INTO event (slug, title, timezone) VALUES ($1, $2::jsonb, 'UTC')`;
    await dataSource.query(insert, ['twice', JSON.stringify({ en: 'Twice', fr: 'Deux fois' })]);
    const logged = captureExpectedErrors(/^Database: query failed: INSERT INTO event/);
    try {
      await expect(dataSource.query(insert, ['twice', JSON.stringify({ en: 'Twice', fr: 'Deux fois' })])).rejects.toMatchObject({
        driverError: expect.objectContaining({ code: '23505' }),
      });
    } finally {
      logged.restore();
    }
    // The failure is logged once, through the Nest logger, with the statement and the reason.
    expect(logged.lines).toHaveLength(1);
    expect(logged.lines[0]).toMatch(/duplicate key/);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM event WHERE slug = $1', ['twice'])).toEqual([{ n: 1 }]);
  });

  // On PGlite tasks and teams are remembered until a write that may change them (embedded-writes.ts);
  // on PostgreSQL they are read every time. Either way a reader sees every committed change.
  it('reads a task and a team again after a write to them, a rolled-back one included', async () => {
    const truths = new RoundTruthRepository(dataSource);
    const teams = new TeamsRepository(dataSource);
    const key = await new BlobRepository(dataSource).put(Buffer.from('id,y\n'));
    const event = await dataSource.getRepository(EventEntity).save({ slug: 'cached', title: { en: 'C', fr: 'C' }, timezone: 'UTC' });
    const task = await dataSource.getRepository(TaskEntity).save({
      eventId: event.id, slug: 'k', position: 0, titleEn: 'Before', titleFr: 'Avant', opensAt: new Date(0), closesAt: new Date(1e12),
      freezeAt: null, graceSeconds: 0, quotaSubmissions: null, quotaPerMinutes: null, leaderboardPolicy: 'best', precision: 4, maxUploadMb: null,
      submissionSpec: { table: { id: 'id', columns: {} } }, scores: [], ranking: null, answerKeySha256: key, answerMasksSha256: null,
    });
    await dataSource.getRepository(TeamEntity).save({ eventId: event.id, slug: 'a', name: 'Before', category: null, tokenHash: 'h1', tokenRotatedAt: new Date() });
    expect((await truths.findTaskById(task.id))?.task.titleEn).toBe('Before');
    expect((await truths.findTask('cached', 'k'))?.task.titleEn).toBe('Before');
    expect((await teams.findByTokenHash('h1'))?.name).toBe('Before');

    await dataSource.getRepository(TaskEntity).update({ id: task.id }, { titleEn: 'After' });
    await dataSource.query('UPDATE team SET name = $1 WHERE token_hash = $2', ['After', 'h1']);
    expect((await truths.findTaskById(task.id))?.task.titleEn).toBe('After');
    expect((await truths.findTask('cached', 'k'))?.task.titleEn).toBe('After');
    expect((await teams.findByTokenHash('h1'))?.name).toBe('After');

    // Read back inside a transaction that then rolls back: the uncommitted value is not kept.
    await dataSource
      .transaction(async (manager) => {
        await manager.update(TaskEntity, { id: task.id }, { titleEn: 'Undone' });
        expect((await truths.findTaskById(task.id, manager))?.task.titleEn).toBe('Undone');
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect((await truths.findTaskById(task.id))?.task.titleEn).toBe('After');

    // A rotated token no longer finds the team; a deleted event takes its task along.
    await dataSource.query('UPDATE team SET token_hash = $1 WHERE token_hash = $2', ['h2', 'h1']);
    expect(await teams.findByTokenHash('h1')).toBeNull();
    await dataSource.getRepository(EventEntity).delete({ id: event.id });
    expect(await truths.findTaskById(task.id)).toBeNull();
    expect(await teams.findByTokenHash('h2')).toBeNull();
  });

  it('gives the event loop turns during a long run of statements in one transaction (health is served during an import)', async () => {
    // On the embedded database statements chain through promises and run on the loop: without
    // turns, a callback queued during the transaction would wait for its end.
    let turns = 0;
    let running = true;
    const tick = () => {
      if (!running) return;
      turns++;
      setImmediate(tick);
    };
    await dataSource.transaction(async (manager) => {
      setImmediate(tick);
      for (let i = 0; i < 2000; i++) await manager.query('SELECT $1::int AS n', [i]);
    });
    running = false;
    expect(turns).toBeGreaterThan(1);
  });

  it('counts as writes to task, event and team exactly the statements that may change them', () => {
    const writes = new EmbeddedWrites();
    const changes = [
      'UPDATE "task" SET "title_en" = $1 WHERE "id" = $2',
      'INSERT INTO "team"("event_id", "slug") VALUES ($1, $2)',
      'DELETE FROM event WHERE id = $1',
      'WITH x AS (UPDATE task SET position = 1 RETURNING id) SELECT * FROM x',
      'TRUNCATE submission, task CASCADE',
      'ROLLBACK',
    ];
    const reads = [
      'SELECT id FROM task WHERE id = $1 FOR UPDATE',
      'UPDATE submission SET status = $1 WHERE id = $2',
      'INSERT INTO task_note (x) VALUES ($1)',
      'INSERT INTO score (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = EXCLUDED.a',
      'COMMIT',
    ];
    for (const sql of reads) writes.observe(sql);
    expect(writes.generation).toBe(0);
    for (const sql of changes) writes.observe(sql);
    expect(writes.generation).toBe(changes.length);
  });
});
