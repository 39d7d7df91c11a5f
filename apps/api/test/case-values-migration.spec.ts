// The CaseValues migration moves per-case values from one row per case (`case_result`) to one row
// per submission (`case_values`), in answer-key order, and its `down` moves them back: nothing of
// a scored round is lost either way. On the engine under test (PGlite, or PostgreSQL).
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataSource } from '../src/database/data-source.factory.js';
import { CaseValues1796622437443 } from '../src/database/migrations/1796622437443-case-values.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';
import { seedRound } from './submissions/round-seed.js';

const SHA = 'a'.repeat(64);
const caseRows = (submission: number) =>
  ['Exam3', 'Exam1', 'Exam2'].map((caseId, i) => ({ submission, caseId, values: { dice: 0.5 + i / 10, area_mse: submission === 1 ? null : 12.5 } }));

describe('CaseValues migration', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const submissions: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDataSource(db.database);
    const round = await seedRound(dataSource, { now: new Date('2026-12-07T10:00:00Z'), teams: 2 });
    await dataSource.query('INSERT INTO blob (sha256, bytes, size) VALUES ($1, $2, 3)', [SHA, Buffer.from('abc')]);
    for (const team of round.teams) {
      const [row] = await dataSource.query(
        `INSERT INTO submission (task_id, team_id, status, received_at, sha256, size, file_name, after_freeze, attempt)
         VALUES ($1, $2, 'scored', now(), $3, 3, 'a.zip', false, 1) RETURNING id`,
        [round.taskId, team.id, SHA],
      );
      submissions.push(row.id);
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('moves every case row into one row per submission, in insertion (answer-key) order, and back', async () => {
    expect(dataSource.migrations.at(-1)!.name).toBe(new CaseValues1796622437443().name);
    await dataSource.undoLastMigration();
    const rows = submissions.flatMap((id, s) => caseRows(s).map((r) => ({ ...r, submission: id })));
    for (const r of rows) {
      await dataSource.query('INSERT INTO case_result (submission_id, case_id, "values") VALUES ($1, $2, $3::jsonb)', [r.submission, r.caseId, JSON.stringify(r.values)]);
    }

    await dataSource.runMigrations();
    const moved: { submission_id: number; cases: unknown }[] = await dataSource.query('SELECT submission_id, cases FROM case_values ORDER BY submission_id');
    expect(moved).toEqual(
      submissions.map((id, s) => ({ submission_id: id, cases: caseRows(s).map((r) => ({ caseId: r.caseId, values: r.values })) })),
    );
    expect(await dataSource.query(`SELECT to_regclass('case_result') AS t`)).toEqual([{ t: null }]);

    await dataSource.undoLastMigration();
    const back: { submission_id: number; case_id: string; values: unknown }[] = await dataSource.query('SELECT submission_id, case_id, "values" FROM case_result ORDER BY id');
    expect(back).toEqual(rows.map((r) => ({ submission_id: r.submission, case_id: r.caseId, values: r.values })));
    await dataSource.runMigrations();
  });
});
