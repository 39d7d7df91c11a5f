// The prize ceremony: refused for unfinalized tasks (409) and malformed bodies (422); steps in
// order, 409 when done; a rehearsal's frames reach the jury subscriber only; public REST and raw
// public/team frames captured before each official step hold no final score not yet revealed;
// after the last step the task is revealed and the public board is the final board.
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import type {
  AuditResponse,
  CeremonyNextResponse,
  CeremonyStartResponse,
  LeaderboardData,
  Problem,
  RevealStepData,
} from '@podium/contracts';
import { flushLive, RawLiveClient, until } from '../live/live-harness.js';
import { seedRound } from '../submissions/round-seed.js';
import { createJuryHarness, type JuryHarness } from './jury-harness.js';
import { wireBody } from '../helpers/wire-shape.js';

let h: JuryHarness;
let db: DataSource;
let url: string;
const now = new Date('2026-03-14T10:00:00Z');
const afterClose = new Date(now.getTime() + 2 * 3600_000);
const clients: RawLiveClient[] = [];

const ceremony = (path = '') => `/api/jury/events/round/ceremony${path}`;
const start = (body: unknown, who = h.sessions.chair) => request(h.t.server).post(ceremony()).set(h.bearer(who)).send(body as object);
const next = (who = h.sessions.chair) => request(h.t.server).post(ceremony('/next')).set(h.bearer(who)).send({});
const connect = (token?: string) => {
  const c = new RawLiveClient(url);
  clients.push(c);
  return c.subscribe({ event: 'round', ...(token ? { token } : {}) });
};
const settleLive = () => flushLive(h.t.app, url);
const steps = (c: RawLiveClient) => c.frames.flatMap((f) => (f.type === 'reveal.step' ? [f.data] : []));
const codes = (problems: Problem[]) => problems.map((p) => p.code);

/**
 * Predictions with chosen AUCs: 20 cases, even ones public, odd ones private, 5 positives and 5
 * negatives per split. Negatives score 0.11..0.15; a positive scored 0.105 + 0.01*k sits above k
 * negatives, so the AUC drops by (5 - k)/25 for it. `lower[split]` lists how far each lowered
 * positive sits (k); every other positive scores 0.9.
 */
function csv(round: JuryHarness['round'], lower: { public: number[]; private: number[] }): string {
  const seen = { public: 0, private: 0, negatives: { public: 0, private: 0 } };
  const lines = round.caseIds.map((id, i) => {
    const split = i % 2 === 0 ? 'public' : 'private';
    let p: number;
    if (round.truth[i] === 1) {
      const k = lower[split][seen[split]++];
      p = k === undefined ? 0.9 : 0.105 + 0.01 * k;
    } else p = 0.11 + 0.01 * seen.negatives[split]++;
    return `${id},${p.toFixed(4)}`;
  });
  return ['id,p', ...lines].join('\n') + '\n';
}

/** Final (private) AUC of each team, from the jury board. */
let finalScores: Map<string, number>;
let publicScores: Set<number>;

beforeAll(async () => {
  h = await createJuryHarness({ now });
  db = h.t.app.get(DataSource);
  // A second task of the event, never finalized.
  await seedRound(db, { now, eventSlug: 'round', taskSlug: 'brain', teams: 0 });
  await h.t.app.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${(h.t.app.getHttpServer().address() as AddressInfo).port}`;
  // team-01 leads the public board (AUC 1) but is last on the private split; team-02 and team-03
  // send the same file: ex-aequo first on the final ranking.
  await h.submit(0, csv(h.round, { public: [], private: [3, 2] })).expect(202);
  await h.submit(1, csv(h.round, { public: [3], private: [4] })).expect(202);
  await h.submit(2, csv(h.round, { public: [3], private: [4] })).expect(202);
  await h.settle();
  const board = (await request(h.t.server).get('/api/jury/events/round/tasks/lung/board').set(h.bearer(h.sessions.chair)).expect(200)).body as {
    rows: { team: { slug: string }; scores: Record<string, Record<string, number | null>> }[];
  };
  finalScores = new Map(board.rows.map((r) => [r.team.slug, r.scores['private']!['auc'] as number]));
  publicScores = new Set(board.rows.map((r) => r.scores['public']!['auc'] as number));
}, 90_000);
afterAll(async () => {
  for (const c of clients) c.close();
  await h.t.close();
});

describe('prize ceremony', () => {
  it('has final scores the public board does not show (the test means something)', () => {
    expect([...finalScores.values()].some((v) => publicScores.has(v))).toBe(false);
    expect(finalScores.get('team-02')).toBe(finalScores.get('team-03'));
    expect(finalScores.get('team-01')!).toBeLessThan(finalScores.get('team-02')!);
  });

  it('refuses malformed bodies (422, located) and unfinalized tasks (409 listing them); jurors may not start', async () => {
    for (const body of [{}, { tasks: [] }, { tasks: ['Lung!'] }, { tasks: ['lung'], rehearsal: 'yes' }, { tasks: ['lung', 'lung'] }, { tasks: ['lung'], extra: 1 }]) {
      const res = await start(body).expect(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.problems.length).toBeGreaterThan(0);
    }
    const unknown = await start({ tasks: ['lung', 'nope'] }).expect(422);
    expect(unknown.body.problems).toEqual([expect.objectContaining({ code: 'ceremony.unknown_task', path: 'tasks.1', found: 'nope' })]);
    const refused = await start({ tasks: ['lung', 'brain'], rehearsal: false }).expect(409);
    expect(refused.body.type).toBe('/problems/ceremony-blocked');
    expect(refused.body.problems).toEqual([
      expect.objectContaining({ code: 'ceremony.not_finalized', path: 'task:lung' }),
      expect.objectContaining({ code: 'ceremony.not_finalized', path: 'task:brain' }),
    ]);
    await start({ tasks: ['lung'] }, h.sessions.juror).expect(403);
    await start({ tasks: ['lung'] }, h.sessions.other).expect(403);
    await request(h.t.server).post(ceremony()).send({ tasks: ['lung'] }).expect(401);
    expect((await request(h.t.server).post(ceremony('/next')).set(h.bearer(h.sessions.chair)).send({ step: 3 }).expect(422)).body.problems[0]).toMatchObject({ code: 'jury.unknown_field', path: 'step' });
    const none = await next().expect(409);
    expect(none.body.detail).toContain('No ceremony is running');
  });

  it('a rehearsal with prizes runs its steps for the jury subscriber only; revealedAt stays unset', async () => {
    h.setNow(afterClose);
    const verify = (who: JuryHarness['sessions']['chair']) => request(h.t.server).post('/api/jury/events/round/tasks/lung/verifications').set(h.bearer(who)).send({});
    await verify(h.sessions.juror).expect(201);
    await verify(h.sessions.chair).expect(201);
    await request(h.t.server).post('/api/jury/events/round/tasks/lung/finalize').set(h.bearer(h.sessions.chair)).send({}).expect(200);
    await db.query("UPDATE team SET category = 'student' WHERE slug = 'team-01'");
    await db.query('UPDATE event SET prizes = $1 WHERE slug = $2', [
      JSON.stringify([
        { task: 'lung', places: [1, 2], title: { en: 'Lung prize', fr: 'Prix poumon' } },
        { task: 'lung', places: [1], category: 'student', title: { en: 'Best student team', fr: 'Meilleure équipe étudiante' } },
      ]),
      'round',
    ]);
    const pub = connect();
    const team = connect(h.round.teams[0]!.token);
    const juryScreen = connect(h.sessions.juror.token);
    await until(() => [pub, team, juryScreen].every((c) => c.snapshots.length === 1), 'three snapshots');

    // Two starts at once (a double tap on two consoles): one ceremony, the other a 409.
    const [one, two] = await Promise.all([start({ tasks: ['lung'], rehearsal: true }), start({ tasks: ['lung'], rehearsal: true })]);
    expect([one.status, two.status].sort()).toEqual([201, 409]);
    const started = wireBody('CeremonyStartResponse', (one.status === 201 ? one : two).body);
    // Category prize first, then place 2 (nobody: team-02 and team-03 share place 1), then place 1.
    expect(started).toMatchObject({ rehearsal: true, steps: 2, tasks: [{ task: 'lung', steps: 2 }] });
    const again = await start({ tasks: ['lung'] }).expect(409);
    expect(codes(again.body.problems)).toEqual(['ceremony.running']);

    const view = wireBody('CeremonyResponse', (await request(h.t.server).get(ceremony()).set(h.bearer(h.sessions.juror)).expect(200)).body);
    expect(view.ceremony).toMatchObject({ status: 'running', revealed: 0, of: 2, next: { index: 1, revealed: false } });
    expect(view.ceremony!.next!.data).toMatchObject({ team: 'team-01', prize: { place: 1, category: 'student', title: { en: 'Best student team' } }, winner: false });
    expect(view.tasks.map((t) => [t.task, t.finalizedAt !== null, t.revealedAt])).toEqual([
      ['lung', true, null],
      ['brain', false, null],
    ]);
    // Only finalized tasks: lung is, brain is not.
    expect(codes((await start({ tasks: ['brain'] }).expect(409)).body.problems)).toEqual(['ceremony.not_finalized', 'ceremony.running']);

    // A double tap: two steps revealed, one each, never the same one twice.
    const both = (await Promise.all([next(), next()])).map((r) => wireBody('CeremonyNextResponse', r.body)).sort((a, b) => a.step - b.step);
    expect(both.map((r) => [r.step, r.of, r.done])).toEqual([
      [1, 2, false],
      [2, 2, true],
    ]);
    const last = both[1]!;
    expect(last).toMatchObject({ step: 2, of: 2, done: true });
    expect(last.revealed).toMatchObject({ place: 1, exAequo: true, winner: true, last: true, prize: { title: { fr: 'Prix poumon' }, place: 1, category: null } });
    expect(last.revealed.teams.map((t) => t.team).sort()).toEqual(['team-02', 'team-03']);
    expect(last.revealed.teams[0]!.movement).toEqual({ kind: 'up', places: 1 });
    await next().expect(409);

    await settleLive();
    await until(() => steps(juryScreen).length === 2, 'the jury screen gets both rehearsal steps');
    expect(steps(juryScreen).map((s) => [s.step, s.rehearsal])).toEqual([[1, true], [2, true]]);
    expect(juryScreen.frames.find((f) => f.type === 'reveal.started')?.data).toMatchObject({ steps: 2, rehearsal: true });
    for (const c of [pub, team]) {
      expect(c.frames.filter((f) => f.type.startsWith('reveal.'))).toEqual([]);
      expect(c.wire).not.toContain('reveal.');
      expect(c.wire).not.toContain('Best student team');
    }
    const [row] = (await db.query("SELECT revealed_at FROM task WHERE slug = 'lung'")) as { revealed_at: Date | null }[];
    expect(row!.revealed_at).toBeNull();
    // A public screen opened now has nothing of it; a jury screen has the rehearsal in its snapshot.
    const late = connect();
    const lateJury = connect(h.sessions.chair.token);
    await until(() => late.snapshots.length === 1 && lateJury.snapshots.length === 1, 'late snapshots');
    expect(late.snapshots[0]!.reveals).toEqual([]);
    expect(lateJury.snapshots[0]!.reveals).toEqual([expect.objectContaining({ task: 'lung', rehearsal: true, finished: true, steps: 2 })]);
    expect(lateJury.snapshots[0]!.reveals![0]!.revealed.map((s) => s.step)).toEqual([1, 2]);
  });

  it('the official ceremony: nothing of a final score before its step, steps in order, then the final board is the public board', async () => {
    await db.query("UPDATE event SET prizes = '[]' WHERE slug = 'round'");
    const pub = connect();
    const team = connect(h.round.teams[0]!.token);
    await until(() => pub.snapshots.length === 1 && team.snapshots.length === 1, 'snapshots');
    const started = (await start({ tasks: ['lung'], rehearsal: false }).expect(201)).body as CeremonyStartResponse;
    // Without prizes: the whole final ranking, last place first; the tied first place is one step.
    expect(started).toMatchObject({ rehearsal: false, steps: 2 });

    const unrevealed = new Set(finalScores.values());
    const publicRest = async () =>
      [
        await request(h.t.server).get('/api/events/round/tasks/lung/leaderboard').expect(200),
        await request(h.t.server).get('/api/events/round').expect(200),
        await request(h.t.server).get('/api/teams/me').set(h.auth(0)).expect(200),
        await request(h.t.server).get('/api/events/round/tasks/lung/history').expect(200),
      ].map((r) => r.text);
    const assertHidden = async () => {
      const texts = [...(await publicRest()), pub.wire, team.wire];
      for (const value of unrevealed) for (const text of texts) expect(text).not.toContain(`"auc":${JSON.stringify(value)}`);
    };
    const order: RevealStepData[] = [];
    for (let i = 1; i <= 2; i++) {
      await settleLive();
      await assertHidden();
      expect(steps(pub)).toHaveLength(i - 1);
      const res = (await next().expect(200)).body as CeremonyNextResponse;
      expect(res).toMatchObject({ step: i, of: 2, done: i === 2 });
      order.push(res.revealed);
      await until(() => steps(pub).length === i && steps(team).length === i, `public and team get step ${i}`);
      for (const t of res.revealed.teams) unrevealed.delete(t.scores['auc']!);
    }
    await next().expect(409);
    expect(steps(pub).map((s) => [s.step, s.place, s.teams.map((t) => t.team).sort()])).toEqual([
      [1, 3, ['team-01']],
      [2, 1, ['team-02', 'team-03']],
    ]);
    expect(steps(pub)[0]).toMatchObject({ rehearsal: false, prize: null, winner: false, exAequo: false, teams: [{ frozenRank: 1, movement: { kind: 'down', places: -2 } }] });
    expect(steps(pub)[1]).toMatchObject({ winner: true, exAequo: true, last: true, rank: 1 });
    expect(pub.frames.find((f) => f.type === 'reveal.started')?.data).toMatchObject({ steps: null, rehearsal: false });
    expect(pub.frames.some((f) => f.type === 'reveal.finished')).toBe(true);

    // Revealed: revealedAt set, the public board is the final board (REST and frames).
    const [row] = (await db.query("SELECT revealed_at FROM task WHERE slug = 'lung'")) as { revealed_at: Date | null }[];
    expect(row!.revealed_at).not.toBeNull();
    const board = (await request(h.t.server).get('/api/events/round/tasks/lung/leaderboard').expect(200)).body as LeaderboardData;
    expect(board.rows.map((r) => [r.team.slug, r.rank, r.scores['auc']])).toEqual([
      ['team-02', 1, finalScores.get('team-02')],
      ['team-03', 1, finalScores.get('team-03')],
      ['team-01', 3, finalScores.get('team-01')],
    ]);
    await until(() => pub.frames.some((f) => f.type === 'leaderboard' && f.data.rows[0]?.scores['auc'] === finalScores.get('team-02')), 'the final board frame');
    expect(pub.frames.some((f) => f.type === 'clock' && f.data.change === 'published' && f.data.clock.phase === 'final')).toBe(true);
    // A screen opened later gets the revealed steps in its snapshot.
    const late = connect();
    await until(() => late.snapshots.length === 1, 'late snapshot');
    expect(late.snapshots[0]!.reveals).toEqual([expect.objectContaining({ task: 'lung', rehearsal: false, finished: true, steps: null })]);
    expect(late.snapshots[0]!.reveals![0]!.revealed.map((s) => s.team)).toEqual(order.map((s) => s.team));
    // An official ceremony of a revealed task is refused; a rehearsal may still run.
    expect(codes((await start({ tasks: ['lung'] }).expect(409)).body.problems)).toEqual(['ceremony.already_revealed']);
  });

  it('an organiser stops a running ceremony (audited); screens close the task being revealed', async () => {
    const juryScreen = connect(h.sessions.chair.token);
    await until(() => juryScreen.snapshots.length === 1, 'jury snapshot');
    await start({ tasks: ['lung'], rehearsal: true }).expect(201);
    await next().expect(200);
    // Un-finalized meanwhile: its results may change, so no further step is revealed from the plan.
    await db.query("UPDATE task SET finalized_at = NULL WHERE slug = 'lung'");
    expect((await next().expect(409)).body.detail).toContain('was un-finalized after the ceremony started');
    await db.query("UPDATE task SET finalized_at = now() WHERE slug = 'lung'");
    await request(h.t.server).delete(ceremony()).set(h.bearer(h.sessions.chair)).send({}).expect(422);
    await request(h.t.server).delete(ceremony()).set(h.bearer(h.sessions.juror)).send({ reason: 'x' }).expect(403);
    const stopped = await request(h.t.server).delete(ceremony()).set(h.bearer(h.sessions.chair)).send({ reason: 'Rehearsal over' }).expect(200);
    expect(stopped.body).toMatchObject({ status: 'aborted', revealed: 1, of: 2, next: null });
    await request(h.t.server).delete(ceremony()).set(h.bearer(h.sessions.chair)).send({ reason: 'again' }).expect(409);
    await next().expect(409);
    await settleLive();
    await until(() => juryScreen.frames.some((f) => f.type === 'reveal.finished' && f.data.aborted), 'aborted frame');

    const audit = (await request(h.t.server).get('/api/jury/events/round/audit?action=ceremony.').set(h.bearer(h.sessions.chair)).expect(200)).body as AuditResponse;
    expect(audit.entries.map((e) => e.action)).toEqual(['ceremony.start', 'ceremony.step', 'ceremony.step', 'ceremony.start', 'ceremony.step', 'ceremony.step', 'ceremony.start', 'ceremony.step', 'ceremony.abort']);
    expect(audit.entries[1]).toMatchObject({ actor: 'jury:chair', details: { rehearsal: true, step: 1, of: 2, task: 'lung', teams: ['team-01'] } });
  });

  it('documents the routes in OpenAPI', async () => {
    const paths = (await request(h.t.server).get('/api/docs-json').expect(200)).body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/jury/events/{event}/ceremony']!).sort()).toEqual(['delete', 'get', 'post']);
    expect(Object.keys(paths['/api/jury/events/{event}/ceremony/next']!)).toEqual(['post']);
  });
});
