// A detection task end to end over HTTP: import a bundle whose task is scored with LUNA16's
// FROC/CPM, submit a candidate CSV, read the CPM back on each split; a broken candidate file is
// rejected with every problem located (line, column, scan id).
import { buildBundleZip, detectionBundleFiles } from '@podium/event-bundle';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerCaseEntity } from '../src/modules/events/answer-case.entity.js';
import { TaskEntity } from '../src/modules/events/task.entity.js';
import { ScoreEntity } from '../src/modules/submissions/score.entity.js';
import { adminAuth } from './helpers/test-app.js';
import { createHarness, type Harness } from './submissions/submission-harness.js';

// Inside the fixture task's window (13:00-15:00 Paris time).
const DURING_WINDOW = new Date('2019-10-13T11:30:00.000Z');

/** Candidates against the fixture key (see detection-task.golden.spec.ts in @podium/scoring for the hand computation of the same layout). */
const CANDIDATES_CSV = `seriesuid,x,y,z,probability
scan-a,1,0,0,0.9
scan-a,0,2,0,0.6
scan-a,53,0,0,0.7
scan-a,50,0,2.9,0.4
scan-b,10,0,0,0.9
scan-b,0,0,3,0.5
scan-c,0,0,0,0.5
scan-d,5,5,5,0.2
`;

describe('detection task (FROC / CPM) over HTTP', () => {
  let h: Harness;
  let token = '';
  const submit = (csv: string) =>
    request(h.t.server).post('/api/events/luna-fixture/tasks/nodules/submissions').set('Authorization', `Bearer ${token}`).attach('file', Buffer.from(csv), 'candidates.csv');
  const details = async (id: string) => (await request(h.t.server).get(`/api/submissions/${id}`).set('Authorization', `Bearer ${token}`).expect(200)).body;

  beforeAll(async () => {
    h = await createHarness({ seed: false, now: DURING_WINDOW });
  });
  afterAll(async () => h?.t.close());

  it('imports the bundle: one answer case per scan, its nodules beside it', async () => {
    const res = await request(h.t.server).post('/api/admin/events').set(adminAuth).set('Content-Type', 'application/zip').send(Buffer.from(buildBundleZip(detectionBundleFiles()))).expect(201);
    token = res.body.teams.find((team: { slug: string }) => team.slug === 'owkin').token;
    const dataSource = h.t.app.get(DataSource);
    const task = await dataSource.getRepository(TaskEntity).findOneByOrFail({ slug: 'nodules' });
    expect(task.submissionSpec).toEqual({ detection: { id: 'seriesuid', max_candidates_per_scan: 100 } });
    const cases = await dataSource.getRepository(AnswerCaseEntity).find({ where: { taskId: task.id }, order: { position: 'ASC' } });
    expect(cases.map((c) => [c.caseId, c.split, c.nodules])).toEqual([
      [
        'scan-a',
        'public',
        [
          { x: 0, y: 0, z: 0, diameter_mm: 10 },
          { x: 50, y: 0, z: 0, diameter_mm: 6 },
        ],
      ],
      ['scan-b', 'private', [{ x: 0, y: 0, z: 0, diameter_mm: 8 }]],
      ['scan-c', 'public', []],
      ['scan-d', 'private', []],
    ]);
    const details = await request(h.t.server).get('/api/events/luna-fixture').expect(200);
    expect(details.body.tasks[0]).toMatchObject({ slug: 'nodules', scores: [{ name: 'cpm', better: 'max' }] });
  });

  it('scores a candidate CSV: CPM on public for the team, public/private/all stored', async () => {
    const res = await submit(CANDIDATES_CSV).expect(202);
    await h.settle();
    const body = await details(res.body.id);
    expect(body.status).toBe('scored');
    expect(body.problems).toEqual([]);
    expect(body.scores.cpm).toBeCloseTo(11 / 14, 12);
    const stored = await h.t.app.get(DataSource).getRepository(ScoreEntity).findOneByOrFail({ submissionId: Number(res.body.id), name: 'cpm' });
    expect(stored.public).toBeCloseTo(11 / 14, 12);
    expect(stored.private).toBeCloseTo(5 / 7, 12);
    expect(stored.all).toBeCloseTo(29 / 42, 12);
    const board = await request(h.t.server).get('/api/events/luna-fixture/tasks/nodules/leaderboard').expect(200);
    const row = board.body.rows.find((r: { team: { slug: string } }) => r.team.slug === 'owkin');
    expect(row).toMatchObject({ rank: 1 });
    expect(row.scores.cpm).toBeCloseTo(11 / 14, 12);
  });

  it('rejects a broken candidate file with every problem located, and no score', async () => {
    const broken = CANDIDATES_CSV.replace('scan-c,0,0,0,0.5', 'scan-z,0,0,0,0.5').replace('scan-d,5,5,5,0.2', 'scan-d,5,five,5,NaN');
    const res = await submit(broken).expect(202);
    await h.settle();
    const body = await details(res.body.id);
    expect(body.status).toBe('rejected');
    expect(body.scores).toBeNull();
    expect(body.problems.map((p: { code: string; line: number; column: string; caseId: string }) => [p.code, p.line, p.column, p.caseId])).toEqual([
      ['csv.unknown_id', 8, 'seriesuid', 'scan-z'],
      ['csv.not_a_number', 9, 'y', 'scan-d'],
      ['csv.nan', 9, 'probability', 'scan-d'],
    ]);
  });
});
