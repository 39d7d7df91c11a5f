// The whole truth and the jury's decisions, end to end on a real round: boards on every split
// beside the frozen public board, submissions with their scores per split and problems, the
// original files, team history; disqualify/reinstate (submission and team), flags, rescore with
// preview after an answer-key fix, announcements, director pins.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import type { JuryBoardResponse, JurySubmission, RescoreResponse } from '@podium/contracts';
import { BlobRepository } from '../../src/modules/blobs/blob.repository.js';
import { TaskEntity } from '../../src/modules/events/task.entity.js';
import { predictions } from '../submissions/round-seed.js';
import { createJuryHarness, type JuryHarness } from './jury-harness.js';
import { wireBody } from '../helpers/wire-shape.js';

let h: JuryHarness;
const now = new Date('2026-03-14T10:00:00Z');
const later = new Date(now.getTime() + 40 * 60_000);
const ids: Record<string, string> = {};

/** Predictions inverting the given case indexes (even = public split, odd = private, see seedRound). */
const inverted = (indexes: number[], salt: number) =>
  predictions(h.round, { salt, rows: (id, p) => `${id},${indexes.includes(Number(id.slice(4)) - 1) ? (1 - p).toFixed(10) : p.toFixed(10)}` });

const jury = (path: string) => request(h.t.server).get(`/api/jury/events/round${path}`).set(h.bearer(h.sessions.chair));
const act = (path: string, body: object, who = h.sessions.chair) => request(h.t.server).post(`/api/jury/events/round${path}`).set(h.bearer(who)).send(body);
const board = async () => wireBody('JuryBoardResponse', (await jury('/tasks/lung/board').expect(200)).body);
const publicBoard = async () => (await request(h.t.server).get('/api/events/round/tasks/lung/leaderboard').expect(200)).body as { rows: { rank: number | null; team: { slug: string } }[] };
const rowOf = (b: JuryBoardResponse, team: string) => b.rows.find((r) => r.team.slug === team)!;

beforeAll(async () => {
  h = await createJuryHarness({ now, freeze: 30 });
  // team-01: worse on public (two public cases wrong), perfect on private. team-02: the opposite.
  ids.t1 = (await h.submit(0, inverted([0, 4], 1)).expect(202)).body.id;
  ids.t2 = (await h.submit(1, inverted([1, 5], 2)).expect(202)).body.id;
  ids.bad = (await h.submit(1, 'id,p\nCase1,banana\n').expect(202)).body.id;
  await h.settle();
  // After the freeze: team-03 sends a perfect file; the screens must not see it.
  h.setNow(later);
  ids.t3 = (await h.submit(2, predictions(h.round, { salt: 3 })).expect(202)).body.id;
  await h.settle();
}, 90_000);
afterAll(async () => {
  await h.t.close();
});

describe('the whole truth', () => {
  it('shows every split side by side, unfrozen, beside the frozen public board, flagging differences', async () => {
    const b = await board();
    expect(b.splits).toEqual(['public', 'private', 'all']);
    expect(b.frozen).toBe(true);
    const [t1, t2, t3] = ['team-01', 'team-02', 'team-03'].map((t) => rowOf(b, t));
    expect(t2!.ranks.public).toBeLessThan(t1!.ranks.public!);
    expect(t1!.ranks.private).toBeLessThan(t2!.ranks.private!);
    expect(t1!.scores.private['auc']).toBe(1);
    expect(t2!.scores.public['auc']).toBe(1);
    // team-03 (post-freeze) leads the live boards but is not on the frozen public board.
    expect(t3!.ranks.private).toBe(1);
    expect(t3!.frozenRank).toBeNull();
    expect(t3!.differs).toBe(true);
    expect(t1!.frozenRank).toBe(2);
    expect(t1!.differs).toBe(true);
    expect(b.differs).toBe(true);
    // The public board itself never shows the private split nor team-03's post-freeze file.
    const pub = await publicBoard();
    expect(pub.rows.filter((r) => r.rank !== null).map((r) => r.team.slug)).toEqual(['team-02', 'team-01']);
    expect(JSON.stringify(pub)).not.toContain('"private"');
  });

  it('lists every submission with scores per split, problems of a rejected file, filters', async () => {
    const all = wireBody('JurySubmissionsResponse', (await jury('/submissions').expect(200)).body).submissions;
    expect(all.map((s) => s.id)).toEqual([ids.t3, ids.bad, ids.t2, ids.t1]);
    const bad = all.find((s) => s.id === ids.bad)!;
    expect(bad.status).toBe('rejected');
    expect(bad.problems.length).toBeGreaterThan(0);
    expect(bad.scores).toBeNull();
    const t1 = all.find((s) => s.id === ids.t1)!;
    expect(t1).toMatchObject({ task: 'lung', team: { slug: 'team-01' }, status: 'scored', counted: true, disqualified: null, afterFreeze: false });
    expect(t1.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(t1.scores!.private['auc']).toBe(1);
    expect(t1.scores!.public['auc']).toBeLessThan(1);
    const team2 = (await jury('/submissions?team=team-02&task=lung').expect(200)).body.submissions as JurySubmission[];
    expect(team2.map((s) => s.id)).toEqual([ids.bad, ids.t2]);
    await jury('/submissions?team=nobody').expect(404);
    await jury('/submissions?task=Bad%20Slug').expect(422);
  });

  it('serves the original file byte for byte', async () => {
    const res = await jury(`/submissions/${ids.t1}/file`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect((res.body as Buffer).toString()).toBe(inverted([0, 4], 1));
    expect(res.headers['content-disposition']).toContain('predictions.csv');
    await jury('/submissions/999999/file').expect(404);
  });

  it("gives a team's best-score history per split", async () => {
    const history = wireBody('TeamHistoryResponse', (await jury('/teams/team-02/history?task=lung').expect(200)).body);
    expect(history.points).toHaveLength(1);
    expect(history.points[0]).toMatchObject({ submission: ids.t2, scores: { public: { auc: 1 } } });
    await jury('/teams/nobody/history').expect(404);
  });
});

describe('decisions', () => {
  it('disqualifies a submission: it leaves every board, the jury sees it marked, the team sees why', async () => {
    await act(`/submissions/${ids.t3}/disqualify`, {}).expect(422);
    const decided = wireBody('JurySubmission', (await act(`/submissions/${ids.t3}/disqualify`, { reason: 'Used the test labels' }).expect(200)).body);
    expect(decided.disqualified).toMatchObject({ reason: 'Used the test labels', by: 'chair' });
    await act(`/submissions/${ids.t3}/disqualify`, { reason: 'again' }).expect(409);
    await h.settle();
    const t3 = rowOf(await board(), 'team-03');
    expect(t3.ranks).toEqual({ public: null, private: null, all: null });
    const me = await request(h.t.server).get('/api/teams/me').set(h.auth(2)).expect(200);
    const sub = me.body.tasks[0].submissions.find((s: { id: string }) => s.id === ids.t3);
    expect(sub.disqualified).toEqual({ reason: 'Used the test labels', at: expect.any(String) });
    expect(JSON.stringify(me.body)).not.toContain('chair');
    await act(`/submissions/${ids.t3}/reinstate`, { reason: 'Appeal upheld' }).expect(200);
    await act(`/submissions/${ids.t3}/reinstate`, { reason: 'again' }).expect(409);
    await h.settle();
    expect(rowOf(await board(), 'team-03').ranks.private).toBe(1);
  });

  it('disqualifies a team: off the public board at once, struck through for the jury, reason in /api/teams/me', async () => {
    wireBody('TeamDecisionResponse', (await act('/teams/team-02/disqualify', { reason: 'Shared an account' }).expect(200)).body);
    await h.settle();
    const pub = await publicBoard();
    expect(pub.rows.map((r) => r.team.slug)).not.toContain('team-02');
    const row = rowOf(await board(), 'team-02');
    expect(row.disqualified).toMatchObject({ reason: 'Shared an account', by: 'chair' });
    expect(row.ranks).toEqual({ public: null, private: null, all: null });
    const me = await request(h.t.server).get('/api/teams/me').set(h.auth(1)).expect(200);
    expect(me.body.disqualified).toEqual({ reason: 'Shared an account', at: expect.any(String) });
    expect(me.body.tasks[0].rank).toBeNull();
    await act('/teams/nobody/disqualify', { reason: 'x' }).expect(404);
    await act('/teams/team-02/reinstate', { reason: 'Mistake' }).expect(200);
    await h.settle();
    expect((await publicBoard()).rows.find((r) => r.team.slug === 'team-02')!.rank).toBe(1);
  });

  it('lets a juror flag but only an organiser resolve', async () => {
    const flag = await act('/flags', { submission: ids.t1, note: 'Suspiciously perfect private score' }, h.sessions.juror).expect(201);
    expect(flag.body).toMatchObject({ submission: ids.t1, team: 'team-01', by: 'juror-1', status: 'open' });
    await act('/flags', { submission: '999999', note: 'x' }, h.sessions.juror).expect(404);
    await act('/flags', { submission: ids.t1 }, h.sessions.juror).expect(422);
    await act(`/flags/${flag.body.id}/resolve`, { reason: 'checked' }, h.sessions.juror).expect(403);
    await act(`/flags/${flag.body.id}/resolve`, { reason: 'Checked the code: fine' }).expect(200);
    await act(`/flags/${flag.body.id}/resolve`, { reason: 'again' }).expect(409);
    const sub = wireBody('JurySubmission', (await jury(`/submissions/${ids.t1}`).expect(200)).body);
    expect(sub.flags[0]).toMatchObject({ status: 'resolved', resolvedBy: 'chair', resolution: 'Checked the code: fine' });
    expect((await jury('/flags?status=resolved').expect(200)).body.flags).toHaveLength(1);
  });

  it('rescores after an answer-key fix: the preview lists rank changes and applies nothing; applying changes the boards', async () => {
    // The corrected key swaps the splits (as a re-imported bundle would).
    const dataSource = h.t.app.get(DataSource);
    const key = ['id,split,y', ...h.round.caseIds.map((id, i) => `${id},${i % 2 === 0 ? 'private' : 'public'},${h.round.truth[i]}`)].join('\n') + '\n';
    const sha = await new BlobRepository(dataSource).put(new TextEncoder().encode(key));
    await dataSource.getRepository(TaskEntity).update({ id: h.round.taskId }, { answerKeySha256: sha });
    const before = await board();
    const preview = wireBody('RescoreResponse', (await act('/tasks/lung/rescore', { reason: 'Split column was swapped', preview: true }).expect(200)).body);
    expect(preview.preview).toBe(true);
    expect(preview.audit).toBeNull();
    expect(preview.rescored).toBe(4);
    expect(preview.scoreChanges.map((c) => c.submission).sort()).toEqual([ids.t1, ids.t2].sort());
    expect(preview.changes).toEqual(expect.arrayContaining([{ team: 'team-01', split: 'public', from: 3, to: 1 }, { team: 'team-02', split: 'private', from: 3, to: 1 }]));
    expect(await board()).toMatchObject({ rows: before.rows });
    await act('/tasks/lung/rescore', { reason: 'x', preview: true }, h.sessions.juror).expect(403);
    const applied = wireBody('RescoreResponse', (await act('/tasks/lung/rescore', { reason: 'Split column was swapped' }).expect(200)).body);
    expect(applied.audit).toEqual(expect.any(Number));
    expect(applied.changes).toEqual(preview.changes);
    await h.settle();
    const after = await board();
    expect(rowOf(after, 'team-01').scores.public['auc']).toBe(1);
    expect(rowOf(after, 'team-02').scores.private['auc']).toBe(1);
    const sub = (await jury(`/submissions/${ids.t1}`).expect(200)).body as JurySubmission;
    expect(sub.scores!.public['auc']).toBe(1);
    // One submission: nothing left to change.
    const one = (await act(`/submissions/${ids.t1}/rescore`, { reason: 'check', preview: true }).expect(200)).body as RescoreResponse;
    expect(one).toMatchObject({ rescored: 1, scoreChanges: [], changes: [] });
  });

  it('announces from the console and pins the director', async () => {
    const a = await act('/announcements', { text: { en: 'Lunch', fr: 'Déjeuner' }, reason: 'schedule' }).expect(201);
    expect(a.body.text).toEqual({ en: 'Lunch', fr: 'Déjeuner' });
    await act(`/announcements/${a.body.id}/withdraw`, { reason: 'lunch moved' }).expect(200);
    const { entries } = wireBody('AuditResponse', (await jury('/audit?action=announcement').expect(200)).body);
    expect(entries.map((e) => [e.action, e.actor, e.reason])).toEqual([
      ['announcement.publish', 'jury:chair', 'schedule'],
      ['announcement.withdraw', 'jury:chair', 'lunch moved'],
    ]);
    await act('/announcements', { text: 'x' }, h.sessions.juror).expect(403);
    await act('/director', { scene: 'podium' }).expect(422);
    await act('/director', { scene: 'race', task: 'nope' }).expect(422);
    const pin = wireBody('DirectorResponse', (await act('/director', { scene: 'race', task: 'lung', lang: 'fr' }).expect(200)).body);
    expect(pin.director).toMatchObject({ scene: 'race', task: 'lung', lang: 'fr', by: 'chair' });
    expect((await jury('/director').expect(200)).body.director).toMatchObject({ scene: 'race' });
    await act('/director', { scene: 'ticker' }, h.sessions.juror).expect(403);
    expect((await act('/director/release', {}).expect(200)).body).toEqual({ event: 'round', director: null });
  });

  it('records every decision in the audit log with reasons, in a hash chain', async () => {
    const log = (await jury('/audit').expect(200)).body as { entries: { seq: number; action: string; reason: string | null; hash: string; prevHash: string }[]; head: string; total: number };
    const actions = log.entries.map((e) => e.action);
    for (const a of ['submission.disqualify', 'submission.reinstate', 'team.disqualify', 'team.reinstate', 'flag.create', 'flag.resolve', 'task.rescore', 'announcement.publish', 'director.pin', 'director.release']) {
      expect(actions).toContain(a);
    }
    expect(log.entries.find((e) => e.action === 'team.disqualify')!.reason).toBe('Shared an account');
    log.entries.forEach((e, i) => {
      expect(e.seq).toBe(i + 1);
      if (i > 0) expect(e.prevHash).toBe(log.entries[i - 1]!.hash);
    });
    expect(log.head).toBe(log.entries.at(-1)!.hash);
    const filtered = (await jury('/audit?action=team.&actor=jury:chair').expect(200)).body.entries as { action: string }[];
    expect(filtered.map((e) => e.action)).toEqual(['team.disqualify', 'team.reinstate']);
    await jury('/audit?since=yesterday').expect(422);
  });
});
