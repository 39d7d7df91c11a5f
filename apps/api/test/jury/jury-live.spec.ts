// The jury on /live: a session token subscribes as the jury audience and gets the jury-only
// console frames; team and public subscribers never get a byte of them (raw packets captured).
// Director pins are public frames, and in the snapshot of a screen that connects later.
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedFrame, JuryFeedData } from '@podium/contracts';
import { assertChain, flushLive, RawLiveClient, until } from '../live/live-harness.js';
import { predictions } from '../submissions/round-seed.js';
import { createJuryHarness, type JuryHarness, OTHER_TEAM_TOKEN, PASSWORDS } from './jury-harness.js';

const SECRET_NOTE = 'juror-only-note-3f9c';
const SECRET_REASON = 'organiser-only-reason-8d21';

let h: JuryHarness;
let url: string;
const clients: RawLiveClient[] = [];
const connect = (token?: string) => {
  const c = new RawLiveClient(url);
  clients.push(c);
  return c.subscribe({ event: 'round', ...(token ? { token } : {}) });
};
const settleLive = async () => {
  await h.settle();
  await flushLive(h.t.app, url);
};
const juryData = (frames: FeedFrame[]): JuryFeedData[] => frames.flatMap((f) => (f.type === 'jury' ? [f.data] : []));

let publicClient: RawLiveClient;
let teamClient: RawLiveClient;
let juryClient: RawLiveClient;
let submissionId: string;

beforeAll(async () => {
  h = await createJuryHarness();
  await h.t.app.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${(h.t.app.getHttpServer().address() as AddressInfo).port}`;
  submissionId = (await h.submit(0, predictions(h.round, { flip: 1 })).expect(202)).body.id;
  await settleLive();
  publicClient = connect();
  teamClient = connect(h.round.teams[0]!.token);
  juryClient = connect(h.sessions.juror.token);
  await until(() => [publicClient, teamClient, juryClient].every((c) => c.snapshots.length === 1), 'three snapshots');

  const post = (path: string, body: object) => request(h.t.server).post(`/api/jury/events/round${path}`).set(h.bearer(h.sessions.chair)).send(body);
  await request(h.t.server).post('/api/jury/events/round/flags').set(h.bearer(h.sessions.juror)).send({ submission: submissionId, note: SECRET_NOTE }).expect(201);
  await post(`/submissions/${submissionId}/disqualify`, { reason: SECRET_REASON }).expect(200);
  await post('/director', { scene: 'leaderboard', task: 'lung', lang: 'en' }).expect(200);
  await settleLive();
  await until(() => juryData(juryClient.frames).some((d) => d.kind === 'submission'), 'jury submission frame');
  await until(() => publicClient.frames.some((f) => f.type === 'director'), 'public director frame');
}, 90_000);
afterAll(async () => {
  for (const c of clients) c.close();
  await h.t.close();
});

describe('jury audience on /live', () => {
  it('a jury session token subscribes as the jury', () => {
    expect(juryClient.snapshots[0]).toMatchObject({ audience: 'jury', team: null });
    expect(publicClient.snapshots[0]).toMatchObject({ audience: 'public', director: null });
    expect(teamClient.snapshots[0]).toMatchObject({ audience: 'team', team: 'team-01' });
  });

  it('the jury gets the console frames: flag, submission decision, audit entries', () => {
    assertChain(juryClient.frames, juryClient.snapshots[0]!.seq);
    const kinds = juryData(juryClient.frames).map((d) => d.kind);
    expect(kinds).toEqual(expect.arrayContaining(['flag', 'submission', 'audit']));
    const decision = juryData(juryClient.frames).find((d) => d.kind === 'submission');
    expect(decision).toMatchObject({ submission: { id: submissionId, disqualified: { reason: SECRET_REASON } } });
    const audit = juryData(juryClient.frames).flatMap((d) => (d.kind === 'audit' ? [d.entry.action] : []));
    expect(audit).toEqual(expect.arrayContaining(['flag.create', 'submission.disqualify', 'director.pin']));
  });

  it('team and public subscribers never receive a jury-only byte', () => {
    for (const c of [publicClient, teamClient]) {
      assertChain(c.frames, c.snapshots[0]!.seq);
      expect(c.frames.some((f) => (f.type as string) === 'jury')).toBe(false);
      expect(c.wire).not.toContain(SECRET_NOTE);
      expect(c.wire).not.toContain(SECRET_REASON);
      expect(c.wire).not.toContain('"type":"jury"');
      expect(c.wire).not.toContain('flag.create');
      expect(c.wire).not.toContain(h.sessions.juror.token);
    }
    expect(juryClient.wire).toContain(SECRET_NOTE);
  });

  it('the disqualified submission leaves the public board frames', () => {
    const boards = publicClient.frames.flatMap((f) => (f.type === 'leaderboard' ? [f.data] : []));
    expect(boards.at(-1)!.rows.find((r) => r.team.slug === 'team-01')!.rank).toBeNull();
  });

  it('director pins are public frames, and a screen connecting later gets the pin in its snapshot', async () => {
    const frame = publicClient.frames.find((f) => f.type === 'director')!;
    expect(frame.data).toEqual({ director: { scene: 'leaderboard', task: 'lung', lang: 'en', pinnedAt: expect.any(String), by: 'chair' } });
    expect(teamClient.frames.some((f) => f.type === 'director')).toBe(true);
    const late = connect();
    await until(() => late.snapshots.length === 1, 'late snapshot');
    expect(late.snapshots[0]!.director).toMatchObject({ scene: 'leaderboard', task: 'lung', lang: 'en' });
  });

  it('cuts the live socket of a session when it is revoked, and when it expires', async () => {
    const revokedLater = (await h.signIn('round', 'juror-1', PASSWORDS.juror, '10.50.0.2').expect(201)).body;
    const live = connect(revokedLater.token);
    await until(() => live.snapshots.length === 1, 'jury snapshot');
    expect(live.socket.connected).toBe(true);
    const info = await request(h.t.server).get('/api/jury/session').set(h.bearer(revokedLater)).expect(200);
    await request(h.t.server).delete(`/api/jury/events/round/sessions/${info.body.session}`).set(h.bearer(h.sessions.chair)).expect(204);
    await until(() => !live.socket.connected, 'revoked socket disconnected');

    const expiring = (await h.signIn('round', 'juror-1', PASSWORDS.juror, '10.50.0.3').expect(201)).body;
    h.setNow(new Date(Date.parse(expiring.expiresAt) - 300));
    const short = connect(expiring.token);
    await until(() => short.snapshots.length === 1, 'jury snapshot before expiry');
    await until(() => !short.socket.connected, 'expired socket disconnected');
    h.setClock(() => new Date());
  });

  it('refuses a session of another event, a revoked session, and a team token of another event', async () => {
    const wrongEvent = connect(h.sessions.other.token);
    const stranger = connect(OTHER_TEAM_TOKEN);
    const victim = (await h.signIn('round', 'juror-1', PASSWORDS.juror, '10.50.0.1').expect(201)).body;
    const info = await request(h.t.server).get('/api/jury/session').set(h.bearer(victim)).expect(200);
    await request(h.t.server).delete(`/api/jury/events/round/sessions/${info.body.session}`).set(h.bearer(h.sessions.chair)).expect(204);
    const revoked = connect(victim.token);
    await until(() => [wrongEvent, stranger, revoked].every((c) => c.errors.length === 1), 'three live errors');
    for (const c of [wrongEvent, stranger, revoked]) {
      expect(c.errors[0]!.code).toBe('auth.invalid_token');
      expect(c.snapshots).toHaveLength(0);
    }
  });
});
