// Boards read a task's truth on every refresh; settled submissions come from a cache. These tests
// check the cached read always equals a full read from the database, whatever happened between.
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataSource } from '../../src/database/data-source.factory.js';
import { RoundTruthRepository, type TaskRef } from '../../src/modules/leaderboard/round-truth.repository.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { seedRound, type SeededRound } from './round-seed.js';

const NOW = new Date('2026-03-14T10:00:00Z');

describe('round truth cache', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let round: SeededRound;
  let ref: TaskRef;
  const cached = () => new RoundTruthRepository(ds);
  let truths: RoundTruthRepository;
  let sha256: string;
  let at = 0;

  /** A submission row in `status`, scored rows with an AUC; returns its id. */
  async function row(team: number, status: string, auc?: number, id?: number): Promise<number> {
    at++;
    const [{ id: inserted }] = await ds.query(
      `INSERT INTO submission (${id === undefined ? '' : 'id, '}task_id, team_id, status, received_at, sha256, size, file_name, attempt)
       VALUES (${id === undefined ? '' : `${id}, `}$1, $2, $3, $4, $5, 1, 'p.csv', 1) RETURNING id`,
      [round.taskId, round.teams[team]!.id, status, new Date(NOW.getTime() + at * 1000), sha256],
    );
    if (auc !== undefined) await ds.query(`INSERT INTO score (submission_id, name, public, private, "all") VALUES ($1, 'auc', $2, $2, $2)`, [inserted, auc]);
    return inserted as number;
  }

  async function settle(id: number, auc: number): Promise<void> {
    await ds.query(`UPDATE submission SET status = 'scored', scored_at = now() WHERE id = $1`, [id]);
    await ds.query(`INSERT INTO score (submission_id, name, public, private, "all") VALUES ($1, 'auc', $2, $2, $2)`, [id, auc]);
  }

  /** The cached read equals a read by a repository with no cache. */
  async function expectExact(): Promise<void> {
    const [warm, cold] = [await truths.load(ref), await cached().load(ref)];
    expect(warm).toEqual(cold);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDataSource(db.database);
    round = await seedRound(ds, { now: NOW, teams: 3 });
    truths = new RoundTruthRepository(ds);
    ref = (await truths.findTaskById(round.taskId))!;
    const [blob] = await ds.query('SELECT answer_key_sha256 AS sha FROM task WHERE id = $1', [round.taskId]);
    sha256 = blob.sha;
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('follows submissions from queued to scored and new ones, reading only what may have changed', async () => {
    const first = await row(0, 'scored', 0.7);
    const queued = await row(1, 'queued');
    await expectExact();
    await ds.query(`UPDATE submission SET status = 'scoring' WHERE id = $1`, [queued]);
    await expectExact();
    await settle(queued, 0.9);
    await row(2, 'rejected');
    const truth = await truths.load(ref);
    expect(truth.submissions.map((s) => [s.id, s.status, s.scores?.['auc']?.public ?? null])).toEqual([
      [String(first), 'scored', 0.7],
      [String(queued), 'scored', 0.9],
      [expect.any(String), 'rejected', null],
    ]);
    await expectExact();
  });

  it('reads everything again when a settled row appears below the highest id seen (a late commit on PostgreSQL) or one is deleted', async () => {
    const base = await row(0, 'scored', 0.5);
    const high = await row(1, 'scored', 0.8, base + 1000);
    await truths.load(ref);
    const late = await row(2, 'scored', 0.6, base + 500);
    expect((await truths.load(ref)).submissions.map((s) => s.id)).toEqual(expect.arrayContaining([String(late), String(high)]));
    await expectExact();
    await ds.query('DELETE FROM score WHERE submission_id = $1', [late]);
    await ds.query('DELETE FROM submission WHERE id = $1', [late]);
    expect((await truths.load(ref)).submissions.map((s) => s.id)).not.toContain(String(late));
    await expectExact();
  });
});
