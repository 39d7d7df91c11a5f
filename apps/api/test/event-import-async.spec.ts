// Large imports (issue 12, finding 4): the bundle is validated in a worker thread and the import
// can answer 202 at once, with its progress at GET /api/admin/imports/:id. The synchronous 201
// path is unchanged (event-import.spec.ts). The before/after figures of /api/health during a
// 200,000-row import are printed by `npm run bench:import`.
import { buildBundleZip, validBundleFiles } from '@podium/event-bundle';
import type { ImportJobResponse } from '@podium/contracts';
import { waitFor } from '@podium/test-support';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerCaseEntity } from '../src/modules/events/answer-case.entity.js';
import { adminAuth, createTestApp, type TestApp } from './helpers/test-app.js';

// Enough rows for validation to take a while (health requests fit in it); few enough for a loaded CI box.
const ROWS = 40_000;

function bundleWithLungRows(rows: number): Uint8Array {
  const files = validBundleFiles();
  const lines = ['id,split,status'];
  for (let i = 0; i < rows; i++) lines.push(`Poumon${i + 1},${i % 2 === 0 ? 'public' : 'private'},${i % 3 === 0 ? 1 : 0}`);
  files['keys/lung.csv'] = lines.join('\n') + '\n';
  return buildBundleZip(files);
}

describe('asynchronous import with progress', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { PODIUM_BUNDLE_LIMIT_MB: '64' } });
  });
  afterAll(async () => t?.close());

  const post = () => request(t.server).post('/api/admin/events').set(adminAuth).set('Content-Type', 'application/zip');
  const status = async (id: string): Promise<ImportJobResponse> => (await request(t.server).get(`/api/admin/imports/${id}`).set(adminAuth).expect(200)).body;
  const until = async (id: string, done: (job: ImportJobResponse) => boolean): Promise<ImportJobResponse[]> => {
    const seen: ImportJobResponse[] = [];
    await waitFor(
      async () => {
        const job = await status(id);
        seen.push(job);
        return done(job);
      },
      `import ${id} to finish`,
      { timeoutMs: 150_000, intervalMs: 50 },
    );
    return seen;
  };

  it('answers 202 with an import id, serves /api/health while the bundle is validated, then reports rows and the result', async () => {
    const zip = bundleWithLungRows(ROWS);
    const res = await post().query({ async: 'true' }).send(Buffer.from(zip)).expect(202);
    expect(res.headers['location']).toBe(`/api/admin/imports/${res.body.id}`);
    expect(res.body).toMatchObject({ status: 'running', phase: 'validating', result: null, error: null, finishedAt: null });
    // The event loop is free while the worker thread validates: health answers meanwhile.
    let healthDuringValidation = 0;
    for (;;) {
      await request(t.server).get('/api/health').expect(200);
      const job = await status(res.body.id);
      if (job.phase !== 'validating') break;
      healthDuringValidation++;
    }
    expect(healthDuringValidation).toBeGreaterThan(0);
    const seen = await until(res.body.id, (job) => job.status !== 'running');
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ status: 'succeeded', phase: 'done', error: null });
    // Every answer-key row of every task, all written.
    const stored = await t.app.get(DataSource).getRepository(AnswerCaseEntity).count();
    expect(last.rows).toEqual({ done: stored, total: stored });
    expect(stored).toBeGreaterThan(ROWS);
    expect(last.result!.slug).toBe('fixture-2019');
    expect(last.result!.teams).toHaveLength(4);
    expect(Date.parse(last.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(last.startedAt));
    // Progress only moves forward.
    const done = seen.map((job) => job.rows.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(await t.app.get(DataSource).getRepository(AnswerCaseEntity).countBy({ caseId: `Poumon${ROWS}` })).toBe(1);
  }, 180_000);

  it('Prefer: respond-async works too, and a broken bundle ends failed with the 422 problem and every problem', async () => {
    const files = validBundleFiles();
    files['keys/lung.csv'] = 'id,split,status\nPoumon1,test,1\nPoumon2,public,0\n';
    const zip = buildBundleZip(files);
    const res = await post().set('Prefer', 'respond-async').send(Buffer.from(zip)).expect(202);
    expect(res.headers['preference-applied']).toBe('respond-async');
    const last = (await until(res.body.id, (job) => job.status !== 'running')).at(-1)!;
    expect(last.status).toBe('failed');
    expect(last.error).toMatchObject({ type: '/problems/invalid-bundle', status: 422 });
    expect(last.error!.problems!.some((p) => p.code === 'key.bad_split')).toBe(true);
  });

  it('answers 404 problem+json for an unknown import, and 401 without the admin token', async () => {
    const res = await request(t.server).get('/api/admin/imports/no-such-import').set(adminAuth).expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toMatch(/No import "no-such-import"/);
    await request(t.server).get('/api/admin/imports/no-such-import').expect(401);
  });
});
