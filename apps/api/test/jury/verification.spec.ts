// Four eyes on a task's final ranking: any jury member verifies once (201, the same member again
// 409), the list shows who and when; a later rescore, disqualification or re-import voids them
// (kept, shown as voided with why), after which members verify again. Audited in the chain.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import type { AuditResponse } from '@podium/contracts';
import { buildBundleZip, validBundleFiles } from '@podium/event-bundle';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { TaskEntity } from '../../src/modules/events/task.entity.js';
import { TaskVerificationEntity } from '../../src/modules/jury/task-verification.entity.js';
import { adminAuth } from '../helpers/test-app.js';
import { predictions } from '../submissions/round-seed.js';
import { createJuryHarness, type JuryHarness } from './jury-harness.js';
import { wireBody } from '../helpers/wire-shape.js';

let h: JuryHarness;
let sub: string;
const path = '/api/jury/events/round/tasks/lung/verifications';

const verify = (who: JuryHarness['sessions'][keyof JuryHarness['sessions']], body?: object) => {
  const r = request(h.t.server).post(path).set(h.bearer(who));
  return body ? r.send(body) : r;
};
const list = async () => wireBody('TaskVerificationsResponse', (await request(h.t.server).get(path).set(h.bearer(h.sessions.juror)).expect(200)).body);
const act = (route: string, body: object) => request(h.t.server).post(`/api/jury/events/round${route}`).set(h.bearer(h.sessions.chair)).send(body);

beforeAll(async () => {
  h = await createJuryHarness();
  sub = (await h.submit(0, predictions(h.round, { salt: 1 })).expect(202)).body.id;
  await h.submit(1, predictions(h.round, { salt: 2 })).expect(202);
  await h.settle();
}, 90_000);
afterAll(async () => {
  await h.t.close();
});

describe('verifications', () => {
  it('records one per member: one stands alone until a second member verifies; the same member twice is refused', async () => {
    expect(await list()).toEqual({ event: 'round', task: 'lung', verifications: [], standing: 0 });
    const first = wireBody('TaskVerificationView', (await verify(h.sessions.juror, { note: 'Checked the private board against the files' }).expect(201)).body);
    expect(first).toMatchObject({ task: 'lung', login: 'juror-1', name: 'Juror One', voided: null });
    expect((await list()).standing).toBe(1);

    const again = await verify(h.sessions.juror).expect(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body.detail).toContain('juror-1 already verified task "lung"');
    expect((await list()).verifications).toHaveLength(1);

    // A cookie session verifies too (CSRF token required, as on every jury action).
    await request(h.t.server).post(path).set(h.cookie(h.sessions.chair)).expect(403);
    await request(h.t.server).post(path).set(h.cookie(h.sessions.chair)).set('X-CSRF-Token', h.sessions.chair.csrfToken).expect(201);
    const both = await list();
    expect(both.standing).toBe(2);
    expect(both.verifications.map((v) => v.login)).toEqual(['juror-1', 'chair']);
  });

  it('refuses bad bodies and unknown tasks with located problems', async () => {
    const bad = await verify(h.sessions.juror, { note: 7, extra: true }).expect(422);
    expect(bad.body.problems.map((p: { path?: string }) => p.path).sort()).toEqual(['extra', 'note']);
    const unknown = await request(h.t.server).post('/api/jury/events/round/tasks/nope/verifications').set(h.bearer(h.sessions.juror)).expect(404);
    expect(unknown.body.detail).toContain('nope');
    await request(h.t.server).get('/api/jury/events/round/tasks/nope/verifications').set(h.bearer(h.sessions.juror)).expect(404);
  });

  it('a rescore voids them (shown as voided, with why); members can then verify again', async () => {
    await act('/tasks/lung/rescore', { reason: 'check', preview: true }).expect(200);
    expect((await list()).standing).toBe(2); // a preview changes nothing
    await act('/tasks/lung/rescore', { reason: 'Answer key corrected' }).expect(200);
    const after = await list();
    expect(after.standing).toBe(0);
    expect(after.verifications).toHaveLength(2);
    for (const v of after.verifications) {
      expect(v.voided).not.toBeNull();
      expect(v.voided!.reason).toBe('task.rescore: Answer key corrected');
    }
    await verify(h.sessions.juror).expect(201);
    const again = await list();
    expect(again.standing).toBe(1);
    expect(again.verifications.map((v) => [v.login, v.voided === null])).toEqual([['juror-1', false], ['chair', false], ['juror-1', true]]);
  });

  it('a disqualification or a reinstatement voids them', async () => {
    await act(`/submissions/${sub}/disqualify`, { reason: 'Hand-labelled test cases' }).expect(200);
    let now = await list();
    expect(now.standing).toBe(0);
    expect(now.verifications.at(-1)!.voided!.reason).toBe(`submission.disqualify ${sub}: Hand-labelled test cases`);
    await verify(h.sessions.chair).expect(201);
    await act('/teams/team-02/disqualify', { reason: 'Shared files' }).expect(200);
    now = await list();
    expect(now.standing).toBe(0);
    expect(now.verifications.at(-1)!.voided!.reason).toBe('team.disqualify team-02: Shared files');
    await verify(h.sessions.chair).expect(201);
    await act('/teams/team-02/reinstate', { reason: 'Cleared' }).expect(200);
    expect((await list()).standing).toBe(0);
  });

  it('a re-import of the task voids them', async () => {
    // The seeded round has no bundle: re-import the fixture event twice, with a verification between.
    const post = () => request(h.t.server).post('/api/admin/events').set(adminAuth).set('Content-Type', 'application/zip').send(Buffer.from(buildBundleZip(validBundleFiles())));
    await post().expect(201);
    const dataSource = h.t.app.get(DataSource);
    const task = await dataSource.getRepository(TaskEntity).findOneOrFail({ where: { slug: 'lung', event: { slug: 'fixture-2019' } }, relations: { event: true } });
    await dataSource.getRepository(TaskVerificationEntity).save({ eventId: task.eventId, taskId: task.id, login: 'someone', createdAt: new Date(), voidedAt: null, voidedReason: null });
    expect((await post().expect(201)).body.created).toBe(false);
    const rows = await dataSource.getRepository(TaskVerificationEntity).findBy({ taskId: task.id });
    expect(rows.map((r) => r.voidedReason)).toEqual(['event.update: the task was re-imported']);
    // The round's own verifications are untouched by another event's import.
    expect((await list()).verifications.every((v) => v.voided === null || !v.voided.reason.startsWith('event.update'))).toBe(true);
  });

  it('each verification is an entry of the hash chain', async () => {
    const audit = (await request(h.t.server).get('/api/jury/events/round/audit?action=task.verify').set(h.bearer(h.sessions.chair)).expect(200)).body as AuditResponse;
    expect(audit.entries.length).toBe(5);
    expect(audit.entries[0]).toMatchObject({ actor: 'jury:juror-1', action: 'task.verify', target: 'event:round/task:lung', reason: 'Checked the private board against the files' });
    const check = await h.t.app.get(AuditRepository).verify('round');
    expect(check.ok).toBe(true);
  });
});
