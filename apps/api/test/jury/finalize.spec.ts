// Finalize: 200 only when the round is closed, nothing is pending, failed submissions and flags
// are resolved, two different members verified and a shadow rescore matches every stored score;
// otherwise 409 listing every blocker. A finalized task refuses rescore and disqualification until
// an organiser un-finalizes it (audited).
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import type { AuditResponse, Problem } from '@podium/contracts';
import { predictions } from '../submissions/round-seed.js';
import { createJuryHarness, type JuryHarness } from './jury-harness.js';
import { wireBody } from '../helpers/wire-shape.js';

let h: JuryHarness;
let db: DataSource;
const ids: string[] = [];
const now = new Date('2026-03-14T10:00:00Z');
const afterClose = new Date(now.getTime() + 2 * 3600_000);

const post = (path: string, body: object = {}, who = h.sessions.chair) => request(h.t.server).post(`/api/jury/events/round/tasks/lung${path}`).set(h.bearer(who)).send(body);
const blockers = async (): Promise<Problem[]> => {
  const res = await post('/finalize').expect(409);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.body.type).toBe('/problems/finalize-blocked');
  return res.body.problems as Problem[];
};
const codes = (problems: Problem[]) => problems.map((p) => p.code);

beforeAll(async () => {
  h = await createJuryHarness({ now });
  db = h.t.app.get(DataSource);
  ids.push((await h.submit(0, predictions(h.round, { salt: 1 })).expect(202)).body.id);
  ids.push((await h.submit(1, predictions(h.round, { salt: 2 })).expect(202)).body.id);
  await h.settle();
}, 90_000);
afterAll(async () => {
  await h.t.close();
});

describe('finalize', () => {
  it('refuses an open round without verifications, listing both blockers; jurors may not finalize', async () => {
    expect(codes(await blockers())).toEqual(['finalize.round_open', 'finalize.verifications']);
    await post('/finalize', {}, h.sessions.juror).expect(403);
    await request(h.t.server).post('/api/jury/events/round/tasks/lung/finalize').expect(401);
    await request(h.t.server).post('/api/jury/events/round/tasks/lung/finalize').set(h.auth(0)).expect(401);
  });

  it('one verification is not enough; an open flag is a blocker too', async () => {
    h.setNow(afterClose);
    await post('/verifications', {}, h.sessions.juror).expect(201);
    const flag = wireBody('JuryFlagView', (await request(h.t.server).post('/api/jury/events/round/flags').set(h.bearer(h.sessions.juror)).send({ submission: ids[0], note: 'Suspicious' }).expect(201)).body);
    const problems = await blockers();
    expect(codes(problems)).toEqual(['finalize.flag_open', 'finalize.verifications']);
    expect(problems[1]!.message).toContain("only juror-1's stands");
    await request(h.t.server).post(`/api/jury/events/round/flags/${flag.id}/resolve`).set(h.bearer(h.sessions.chair)).send({ reason: 'Checked' }).expect(200);
    expect(codes(await blockers())).toEqual(['finalize.verifications']);
  });

  it('refuses while a submission is queued, naming it', async () => {
    await post('/verifications').expect(201);
    await db.query("UPDATE submission SET status = 'queued' WHERE id = $1", [Number(ids[1])]);
    const problems = await blockers();
    expect(codes(problems)).toEqual(['finalize.submission_pending']);
    expect(problems[0]).toMatchObject({ path: `submission:${ids[1]}` });
    expect(problems[0]!.message).toContain(`Submission ${ids[1]}`);
    await db.query("UPDATE submission SET status = 'scored' WHERE id = $1", [Number(ids[1])]);
  });

  it('refuses when a stored score was edited in the database, naming the submission, the stored and the recomputed value', async () => {
    const [row] = (await db.query("SELECT private FROM score WHERE submission_id = $1 AND name = 'auc'", [Number(ids[0])])) as { private: number }[];
    await db.query("UPDATE score SET private = 0.123 WHERE submission_id = $1 AND name = 'auc'", [Number(ids[0])]);
    const problems = await blockers();
    expect(problems).toEqual([
      expect.objectContaining({ code: 'finalize.score_changed', path: `submission:${ids[0]}/auc/private`, found: '0.123', expected: String(row!.private) }),
    ]);
    expect(problems[0]!.message).toContain(`Submission ${ids[0]}`);
    await db.query("UPDATE score SET private = $2 WHERE submission_id = $1 AND name = 'auc'", [Number(ids[0]), row!.private]);
  });

  it('finalizes when everything holds; the task then refuses rescore and disqualification until un-finalized (audited)', async () => {
    const done = wireBody('FinalizeResponse', (await post('/finalize', { reason: 'Checked by two' }).expect(200)).body);
    expect(done).toMatchObject({ event: 'round', task: 'lung', finalizedBy: 'chair', checked: 2, verifiedBy: ['chair', 'juror-1'] });
    expect(codes(await blockers())).toEqual(['finalize.already_finalized']);

    const refused = await post('/rescore', { reason: 'again' }).expect(409);
    expect(refused.body.type).toBe('/problems/task-finalized');
    await post('/rescore', { reason: 'look', preview: true }).expect(200);
    await request(h.t.server).post(`/api/jury/events/round/submissions/${ids[0]}/disqualify`).set(h.bearer(h.sessions.chair)).send({ reason: 'late' }).expect(409);
    await request(h.t.server).post('/api/jury/events/round/teams/team-01/disqualify').set(h.bearer(h.sessions.chair)).send({ reason: 'late' }).expect(409);
    expect((await request(h.t.server).get('/api/jury/events/round/tasks/lung/verifications').set(h.bearer(h.sessions.chair)).expect(200)).body.standing).toBe(2);

    await post('/unfinalize', { reason: 'Appeal' }, h.sessions.juror).expect(403);
    await post('/unfinalize', {}).expect(422);
    await post('/unfinalize', { reason: 'Appeal from team-01' }).expect(200);
    await post('/unfinalize', { reason: 'again' }).expect(409);
    await post('/rescore', { reason: 'Appeal check' }).expect(200);
    expect((await request(h.t.server).get('/api/jury/events/round/tasks/lung/verifications').set(h.bearer(h.sessions.chair)).expect(200)).body.standing).toBe(0);

    const audit = (await request(h.t.server).get('/api/jury/events/round/audit?action=task.').set(h.bearer(h.sessions.chair)).expect(200)).body as AuditResponse;
    expect(audit.entries.map((e) => e.action)).toEqual(['task.verify', 'task.verify', 'task.finalize', 'task.unfinalize', 'task.rescore']);
  });

  it('documents the routes in OpenAPI', async () => {
    const paths = (await request(h.t.server).get('/api/docs-json').expect(200)).body.paths as Record<string, Record<string, unknown>>;
    const base = '/api/jury/events/{event}/tasks/{task}';
    expect(Object.keys(paths[`${base}/verifications`]!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths[`${base}/finalize`]!)).toEqual(['post']);
    expect(Object.keys(paths[`${base}/unfinalize`]!)).toEqual(['post']);
  });
});
