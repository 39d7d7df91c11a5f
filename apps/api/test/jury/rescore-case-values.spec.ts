// A rescore rewrites a submission's per-case values with its scores (`case_values`, one row per
// submission, the cases in answer-key order): a jury reading them after an answer-key fix sees the
// new values, never the old ones nor a mix.
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobRepository } from '../../src/modules/blobs/blob.repository.js';
import { TaskEntity } from '../../src/modules/events/task.entity.js';
import { predictions } from '../submissions/round-seed.js';
import { createJuryHarness, type JuryHarness } from './jury-harness.js';

let h: JuryHarness;
let id: number;
const caseValues = async (): Promise<{ caseId: string; values: { mse: number } }[]> =>
  (await h.t.app.get(DataSource).query('SELECT cases FROM case_values WHERE submission_id = $1', [id]))[0].cases;

beforeAll(async () => {
  h = await createJuryHarness({ now: new Date('2026-03-14T10:00:00Z'), scoring: 'mse', cases: 6 });
  id = Number((await h.submit(0, predictions(h.round, { flip: 1 })).expect(202)).body.id);
  await h.settle();
}, 90_000);
afterAll(async () => {
  await h.t.close();
});

describe('rescore and per-case values', () => {
  it('stores one value per case in answer-key order, and a rescore replaces them all', async () => {
    const before = await caseValues();
    expect(before.map((c) => c.caseId)).toEqual(h.round.caseIds);
    // Predictions 0.9 / 0.1, the first two inverted: squared errors 0.81 there, 0.01 elsewhere.
    expect(before.map((c) => Number(c.values.mse.toFixed(6)))).toEqual([0.81, 0.81, 0.01, 0.01, 0.01, 0.01]);

    // The corrected key flips every label: each squared error becomes the other one.
    const dataSource = h.t.app.get(DataSource);
    const key = ['id,split,y', ...h.round.caseIds.map((c, i) => `${c},${i % 2 === 0 ? 'public' : 'private'},${1 - h.round.truth[i]!}`)].join('\n') + '\n';
    const sha = await new BlobRepository(dataSource).put(new TextEncoder().encode(key));
    await dataSource.getRepository(TaskEntity).update({ id: h.round.taskId }, { answerKeySha256: sha });
    await request(h.t.server)
      .post('/api/jury/events/round/tasks/lung/rescore')
      .set(h.bearer(h.sessions.chair))
      .send({ reason: 'Labels were inverted' })
      .expect(200);
    await h.settle();

    const after = await caseValues();
    expect(after.map((c) => c.caseId)).toEqual(h.round.caseIds);
    expect(after.map((c) => Number(c.values.mse.toFixed(6)))).toEqual([0.01, 0.01, 0.81, 0.81, 0.81, 0.81]);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM case_values WHERE submission_id = $1', [id])).toEqual([{ n: 1 }]);
  });
});
