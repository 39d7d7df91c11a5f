// Leaderboards over HTTP: best vs last, ties (1, 1, 3), movements and rank history, exports,
// the freeze (no post-freeze information in any public answer, asserted on the bytes), private
// scores for the jury only, a team's own standing, and the failed status path.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { JURY } from '@podium/rules';
import { BlobRepository } from '../../src/modules/blobs/blob.repository.js';
import { TaskEntity } from '../../src/modules/events/task.entity.js';
import { LeaderboardService } from '../../src/modules/leaderboard/leaderboard.service.js';
import { createHarness, type Harness } from './submission-harness.js';
import { captureExpectedErrors } from '../helpers/expected-logs.js';
import { predictions, seedRound } from './round-seed.js';

const MINUTE = 60_000;
const NOW = new Date('2026-11-27T10:00:00.000Z');
const at = (minutes: number, seconds = 0) => new Date(NOW.getTime() + minutes * MINUTE + seconds * 1000);

type Row = { rank: number | null; team: { slug: string }; scores: Record<string, number | null>; submissions: number; movement: { kind: string } | null };

describe('leaderboards', () => {
  let h: Harness;
  const board = async (task = 'lung') =>
    (await request(h.t.server).get(`/api/events/round/tasks/${task}/leaderboard`).expect(200)).body as { rows: Row[]; frozen: boolean };

  beforeAll(async () => {
    // lung: policy best, freeze at +30, close at +60. last: policy last, no freeze.
    h = await createHarness({ now: NOW, opens: -10, closes: 60, freeze: 30, teams: 4, policy: 'best' });
    await seedRound(h.t.app.get(DataSource), { now: NOW, taskSlug: 'last', opens: -10, closes: 60, teams: 0, policy: 'last' });
  });
  afterAll(() => h.t.close());

  it('keeps the best scored submission under `best` and the latest under `last`', async () => {
    h.setNow(at(1));
    for (const task of ['lung', 'last']) await h.submit(0, predictions(h.round, { flip: 0, salt: 1 }), { task }).expect(202);
    await h.settle();
    h.setNow(at(2));
    for (const task of ['lung', 'last']) await h.submit(0, predictions(h.round, { flip: 2, salt: 2 }), { task }).expect(202);
    await h.settle();
    const best = (await board('lung')).rows.find((r) => r.team.slug === 'team-01')!;
    const last = (await board('last')).rows.find((r) => r.team.slug === 'team-01')!;
    expect(best.scores.auc).toBe(1);
    expect(last.scores.auc).toBeLessThan(1);
    expect(best.submissions).toBe(2);
  });

  it('ranks ties 1, 1, 3 and lists unranked teams after, with movements against the previous board', async () => {
    h.setNow(at(3));
    await h.submit(1, predictions(h.round, { flip: 0, salt: 3 })).expect(202);
    await h.submit(2, predictions(h.round, { flip: 1, salt: 4 })).expect(202);
    await h.settle();
    const rows = (await board()).rows;
    expect(rows.map((r) => [r.team.slug, r.rank])).toEqual([
      ['team-01', 1],
      ['team-02', 1],
      ['team-03', 3],
      ['team-04', null],
    ]);
    // team-03 improves to a tie for first: it moves up two places.
    h.setNow(at(4));
    await h.submit(2, predictions(h.round, { flip: 0, salt: 5 })).expect(202);
    await h.settle();
    const after = (await board()).rows.find((r) => r.team.slug === 'team-03')!;
    expect(after.rank).toBe(1);
    expect(after.movement).toMatchObject({ kind: 'up', previousRank: 3, places: 2 });
  });

  it('keeps the rank history for the race chart', async () => {
    const res = await request(h.t.server).get('/api/events/round/tasks/lung/history?top=3').expect(200);
    expect(res.body.series).toHaveLength(3);
    const team3 = res.body.series.find((s: { team: { slug: string } }) => s.team.slug === 'team-03');
    expect(team3.points.map((p: { rank: number }) => p.rank)).toEqual([3, 1]);
    expect(res.body.scores).toEqual([{ name: 'auc', better: 'max' }]);
    await request(h.t.server).get('/api/events/round/tasks/lung/history?top=0').expect(400);
  });

  it('exports CSV (?format=csv, Accept, .csv path) and JSON (.json path)', async () => {
    const csv = await request(h.t.server).get('/api/events/round/tasks/lung/leaderboard?format=csv').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['cache-control']).toBe('no-store');
    expect(csv.headers['content-disposition']).toBeUndefined();
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('rank,team,team_name,category,auc,submissions,last_submission_at');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^1,team-01,Team 1,,1,2,/);
    const accept = await request(h.t.server).get('/api/events/round/tasks/lung/leaderboard').set('Accept', 'text/csv').expect(200);
    expect(accept.text).toBe(csv.text);
    const file = await request(h.t.server).get('/api/events/round/tasks/lung/leaderboard.csv').expect(200);
    expect(file.headers['content-disposition']).toContain('round-lung-leaderboard.csv');
    const json = await request(h.t.server).get('/api/events/round/tasks/lung/leaderboard.json').expect(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.headers['content-disposition']).toBe('attachment; filename="round-lung-leaderboard.json"');
    expect(json.body.rows).toHaveLength(4);
    const plain = await request(h.t.server).get('/api/events/round/tasks/lung/leaderboard').expect(200);
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('no-store');
    expect(plain.body).toEqual(json.body);
    await request(h.t.server).get('/api/events/round/tasks/lung/leaderboard?format=xml').expect(400);
    await request(h.t.server).get('/api/events/round/tasks/nope/leaderboard').expect(404);
  });

  it('shows private-split scores to the jury only', async () => {
    const pub = await request(h.t.server).get('/api/events/round/tasks/lung/leaderboard').expect(200);
    expect(pub.text).not.toMatch(/private|"all"/);
    const jury = await h.t.app.get(LeaderboardService).view('round', 'lung', JURY, { split: 'private', now: at(5) });
    const liveRows = jury.rows.filter((r) => r.rank !== null);
    expect(liveRows.length).toBe(3);
    const db: { private: number }[] = await h.t.app.get(DataSource).query(`SELECT private FROM score`);
    const privateValues = new Set(db.map((r) => r.private));
    for (const r of liveRows) expect(privateValues.has(r.scores.auc!)).toBe(true);
  });

  it('freezes the public answers at freeze_at: post-freeze results change no public byte, the team still sees its own', async () => {
    const paths = ['/api/events/round/tasks/lung/leaderboard', '/api/events/round/tasks/lung/leaderboard?format=csv', '/api/events/round/tasks/lung/history'];
    h.setNow(at(40));
    const before = await Promise.all(paths.map(async (p) => (await request(h.t.server).get(p).expect(200)).text));
    expect(JSON.parse(before[0]!).frozen).toBe(true);
    // After the freeze: team-04 scores a perfect submission (would rank 1), team-02 is rejected, team-03 stays queued.
    const good = await h.submit(3, predictions(h.round, { flip: 0, salt: 6 })).expect(202);
    const bad = await h.submit(1, 'id,p\nnobody,1\n').expect(202);
    await h.settle();
    await h.t.app.get(DataSource).query(`INSERT INTO submission (task_id, team_id, status, received_at, sha256, size, file_name) SELECT task_id, team_id, 'queued', $2, sha256, size, file_name FROM submission WHERE id = $1`, [Number(good.body.id), at(40)]);
    const after = await Promise.all(paths.map(async (p) => (await request(h.t.server).get(p).expect(200)).text));
    expect(after).toEqual(before);
    // The team still sees its own score and outcome; its rank is the public (frozen) one.
    const own = await request(h.t.server).get(`/api/submissions/${good.body.id}`).set(h.auth(3)).expect(200);
    expect(own.body).toMatchObject({ status: 'scored', scores: { auc: 1 }, afterFreeze: true });
    const rejected = await request(h.t.server).get(`/api/submissions/${bad.body.id}`).set(h.auth(1)).expect(200);
    expect(rejected.body.status).toBe('rejected');
    const me = await request(h.t.server).get('/api/teams/me').set(h.auth(3)).expect(200);
    const lung = me.body.tasks.find((t: { task: string }) => t.task === 'lung');
    expect(lung).toMatchObject({ rank: null, bestScores: { auc: 1 }, bestSubmissionId: good.body.id });
    // The jury's live board has it.
    const live = await h.t.app.get(LeaderboardService).view('round', 'lung', JURY, { now: at(40) });
    expect(live.rows.find((r) => r.team.slug === 'team-04')!.rank).toBe(1);
  });

  it("answers GET /api/teams/me with each task's rank, best public score, quota and submissions", async () => {
    const me = await request(h.t.server).get('/api/teams/me').set(h.auth(0)).expect(200);
    expect(me.body.team).toEqual({ slug: 'team-01', name: 'Team 1', category: null });
    expect(me.body.tasks.map((t: { task: string }) => t.task)).toEqual(['lung', 'last']);
    const lung = me.body.tasks[0];
    expect(lung).toMatchObject({ rank: 1, bestScores: { auc: 1 }, quota: { limit: null, remaining: null } });
    expect(lung.submissions).toHaveLength(2);
    expect(lung.submissions[0].receivedAt > lung.submissions[1].receivedAt).toBe(true);
    expect(lung.submissions.map((s: { counted: boolean }) => s.counted)).toEqual([false, true]);
    // Nothing of another team.
    expect(JSON.stringify(me.body)).not.toMatch(/team-02|team-03|team-04/);
  });

  it('marks a submission failed when our side breaks (unreadable answer key), never rejected', async () => {
    const ds = h.t.app.get(DataSource);
    const broken = await seedRound(ds, { now: NOW, taskSlug: 'broken', opens: -10, closes: 60, teams: 0 });
    const garbage = await new BlobRepository(ds).put(new TextEncoder().encode('this is not a key\n'));
    await ds.getRepository(TaskEntity).update({ id: broken.taskId }, { answerKeySha256: garbage });
    const logged = captureExpectedErrors(/^ScoringJob: submission \d+ failed: answer key does not parse/);
    let res;
    try {
      res = await h.submit(0, predictions(h.round, { salt: 7 }), { task: 'broken' }).expect(202);
      await h.settle();
    } finally {
      logged.restore();
    }
    expect(logged.lines).toEqual([expect.stringContaining(`submission ${res.body.id} failed: answer key does not parse`)]);
    const details = await request(h.t.server).get(`/api/submissions/${res.body.id}`).set(h.auth(0)).expect(200);
    expect(details.body).toMatchObject({ status: 'failed', scores: null, problems: [] });
    const row = await ds.query('SELECT error, attempt FROM submission WHERE id = $1', [Number(res.body.id)]);
    expect(row[0].error).toMatch(/answer key/);
    expect(row[0].attempt).toBe(1);
  });
});
