// A crash mid-scoring never loses or duplicates a result: the claim bumps an attempt counter,
// a settle only lands for the current attempt of a row still `scoring`, score rows are upserts,
// and a job for a settled submission is a no-op. Start-up recovery resumes queued and scoring rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { ScoringJobService } from '../../src/modules/scoring-jobs/scoring-job.service.js';
import { ScoringResultsRepository } from '../../src/modules/scoring-jobs/scoring-results.repository.js';
import { createHarness, type Harness } from './submission-harness.js';
import { captureExpectedErrors } from '../helpers/expected-logs.js';
import { predictions } from './round-seed.js';

const result = (auc: number) => ({ scores: { auc: { public: auc, private: auc, all: auc } }, cases: [{ caseId: 'Case1', split: 'public' as const, values: { err: 0.5 } }] });

describe('scoring idempotency', () => {
  let h: Harness;
  let ds: DataSource;
  let results: ScoringResultsRepository;
  beforeAll(async () => {
    h = await createHarness({ teams: 2 });
    ds = h.t.app.get(DataSource);
    results = h.t.app.get(ScoringResultsRepository);
  });
  afterAll(() => h.t.close());

  /** A submission row as the API leaves it after the 202, without running its job. */
  async function queuedSubmission(salt: number): Promise<number> {
    const sha = (await ds.query(`SELECT answer_key_sha256 AS sha FROM task WHERE id = $1`, [h.round.taskId]))[0].sha as string;
    const rows: { id: number }[] = await ds.query(
      `INSERT INTO submission (task_id, team_id, status, received_at, sha256, size, file_name) VALUES ($1, $2, 'queued', now(), $3, 1, $4) RETURNING id`,
      [h.round.taskId, h.round.teams[0]!.id, sha, `s${salt}.csv`],
    );
    return rows[0]!.id;
  }

  it('lets only the latest claim settle, once, and writes each score row once', async () => {
    const id = await queuedSubmission(1);
    const first = (await results.claim(id))!;
    // The process dies here; on restart the row is claimed again.
    const second = (await results.claim(id))!;
    expect([first.attempt, second.attempt]).toEqual([1, 2]);
    const settle = (claim: typeof first, auc: number) =>
      ds.transaction((m) => results.settle(m, claim, { status: 'scored', result: result(auc), warnings: [] }, new Date()));
    expect(await settle(first, 0.1)).toBe(false);
    expect(await settle(second, 0.7)).toBe(true);
    expect(await settle(second, 0.9)).toBe(false);
    expect(await results.claim(id)).toBeNull();
    const scores = await ds.query(`SELECT public FROM score WHERE submission_id = $1`, [id]);
    expect(scores).toEqual([{ public: 0.7 }]);
    const cases = await ds.query(`SELECT jsonb_array_length(cases) AS n FROM case_values WHERE submission_id = $1`, [id]);
    expect(cases[0].n).toBe(1);
  });

  it('turns a job for an already settled submission into a no-op', async () => {
    const res = await h.submit(1, predictions(h.round, { salt: 1 })).expect(202);
    await h.settle();
    expect(await h.t.app.get(ScoringJobService).process(Number(res.body.id))).toBe('skipped');
    const rows = await ds.query(`SELECT attempt, status FROM submission WHERE id = $1`, [Number(res.body.id)]);
    expect(rows[0]).toEqual({ attempt: 1, status: 'scored' });
  });

  it('fails a submission that keeps killing its scorer instead of retrying forever', async () => {
    const id = await queuedSubmission(2);
    await ds.query(`UPDATE submission SET status = 'scoring', attempt = 3 WHERE id = $1`, [id]);
    const logged = captureExpectedErrors(/^ScoringJob: submission \d+ failed/);
    try {
      expect(await h.t.app.get(ScoringJobService).process(id)).toBe('failed');
    } finally {
      logged.restore();
    }
    expect(logged.lines).toEqual([`ScoringJob: submission ${id} failed: gave up after 3 attempts (the scorer stopped each time)`]);
    const rows = await ds.query(`SELECT status, error FROM submission WHERE id = $1`, [id]);
    expect(rows[0].status).toBe('failed');
    expect(rows[0].error).toMatch(/gave up after 3 attempts/);
  });

  it('scores a committed upload whose node died before enqueuing it, when its client retries with the key', async () => {
    // The row as a node leaves it when it dies between the commit and the enqueue: no 202 was sent.
    const id = await queuedSubmission(5);
    await ds.query(`UPDATE submission SET idempotency_key = 'retry-after-node-death' WHERE id = $1`, [id]);
    const res = await h.submit(0, predictions(h.round, { salt: 5 }), { key: 'retry-after-node-death' }).expect(202);
    expect(res.body.id).toBe(String(id));
    await h.settle();
    const rows: { id: number; status: string }[] = await ds.query(`SELECT id, status FROM submission WHERE idempotency_key = 'retry-after-node-death'`);
    // Settled (the row names the answer key's bytes as its file, hence rejected), not left queued.
    expect(rows).toEqual([{ id, status: 'rejected' }]);
  });

  it('resumes queued and scoring submissions when the app starts again', async () => {
    const queued = await queuedSubmission(3);
    const scoring = await queuedSubmission(4);
    await ds.query(`UPDATE submission SET status = 'scoring', attempt = 1 WHERE id = $1`, [scoring]);
    await h.t.close({ keepDatabase: true });
    const again = await createHarness({ database: h.t.database, seed: false });
    try {
      await again.settle();
      const rows: { id: number; status: string }[] = await again.t.app.get(DataSource).query(`SELECT id, status FROM submission WHERE id = ANY($1) ORDER BY id`, [[queued, scoring]]);
      // The rows point at the answer key's bytes as a "file": each is settled (rejected), none left behind.
      expect(rows.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    } finally {
      h = again;
    }
  });
});
