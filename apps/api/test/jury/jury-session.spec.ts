// Jury accounts and sessions over HTTP: passwords set by the admin, sign-in answer and cookie,
// 401 that does not say what was wrong, the sign-in rate limit, sign-out, expiry and revocation.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { JURY_SESSION_HOURS } from '@podium/contracts';
import { JuryMemberEntity } from '../../src/modules/jury/jury-member.entity.js';
import { JuryLoginLimiter } from '../../src/modules/jury/jury-login-limiter.js';
import { JurySessionEntity } from '../../src/modules/jury/jury-session.entity.js';
import { adminAuth } from '../helpers/test-app.js';
import { createJuryHarness, type JuryHarness, PASSWORDS } from './jury-harness.js';
import { wireBody } from '../helpers/wire-shape.js';

let h: JuryHarness;
const now = new Date('2026-03-14T10:00:00Z');

beforeAll(async () => {
  h = await createJuryHarness({ now });
}, 60_000);
afterAll(async () => {
  await h.t.close();
});

describe('passwords', () => {
  it('are stored as scrypt hashes, never in clear', async () => {
    const member = await h.t.app.get(DataSource).getRepository(JuryMemberEntity).findOneByOrFail({ login: 'chair' });
    expect(member.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(member.passwordHash).not.toContain(PASSWORDS.chair);
  });

  it('refuses a short password, an unknown member, and a missing admin token', async () => {
    const short = await request(h.t.server).post('/api/admin/events/round/jury/chair/password').set(adminAuth).send({ password: 'short' });
    expect(short.status).toBe(422);
    expect(short.body.problems[0]).toMatchObject({ path: 'password', found: '5 characters' });
    expect(JSON.stringify(short.body)).not.toContain('"short"');
    await request(h.t.server).post('/api/admin/events/round/jury/nobody/password').set(adminAuth).send({ password: 'a-long-enough-password' }).expect(404);
    await request(h.t.server).post('/api/admin/events/nope/jury/chair/password').set(adminAuth).send({ password: 'a-long-enough-password' }).expect(404);
    await request(h.t.server).post('/api/admin/events/round/jury/chair/password').send({ password: 'a-long-enough-password' }).expect(401);
    await request(h.t.server).post('/api/admin/events/round/jury/chair/password').set(h.bearer(h.sessions.chair)).send({ password: 'a-long-enough-password' }).expect(401);
  });

  it('lists the members with whether each has a password', async () => {
    const res = wireBody('JuryMembersResponse', (await request(h.t.server).get('/api/admin/events/round/jury').set(adminAuth).expect(200)).body);
    expect(res.members).toEqual([
      { login: 'chair', name: 'Jury chair', role: 'organiser', hasPassword: true },
      { login: 'juror-1', name: 'Juror One', role: 'juror', hasPassword: true },
    ]);
  });
});

describe('sign-in', () => {
  it('answers 201 with the session and sets an httpOnly SameSite=Strict cookie', async () => {
    const res = await h.signIn('round', 'juror-1', PASSWORDS.juror, '10.9.0.1').expect(201);
    expect(res.body).toEqual({
      login: 'juror-1',
      name: 'Juror One',
      role: 'juror',
      event: 'round',
      token: expect.stringMatching(/^[\w-]{43}$/),
      csrfToken: expect.stringMatching(/^[\w-]{43}$/),
      expiresAt: new Date(now.getTime() + JURY_SESSION_HOURS * 3600_000).toISOString(),
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain(`podium_jury=${res.body.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i);
    const stored = await h.t.app.get(DataSource).getRepository(JurySessionEntity).find();
    expect(JSON.stringify(stored)).not.toContain(res.body.token);
  });

  it('marks the cookie Secure over https (behind a proxy that says so)', async () => {
    const res = await request(h.t.server).post('/api/jury/session').set('X-Forwarded-Proto', 'https').set('X-Forwarded-For', '10.9.0.2').send({ event: 'round', login: 'juror-1', password: PASSWORDS.juror }).expect(201);
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure/i);
  });

  it('answers the same 401 for a wrong password, an unknown login and an unknown event', async () => {
    const bodies = [];
    for (const [event, login, password, address] of [
      ['round', 'chair', 'wrong-password-000', '10.9.1.1'],
      ['round', 'ghost', PASSWORDS.chair, '10.9.1.2'],
      ['nope', 'chair', PASSWORDS.chair, '10.9.1.3'],
    ] as const) {
      const res = await h.signIn(event, login, password, address).expect(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      bodies.push({ ...res.body });
    }
    expect(bodies[0]).toEqual({ ...bodies[1] });
    expect(bodies[1]).toEqual({ ...bodies[2] });
    expect(bodies[0].detail).toBe('Wrong event, login or password.');
  });

  it('refuses a member without a password and a malformed body', async () => {
    const dataSource = h.t.app.get(DataSource);
    const round = await dataSource.query(`SELECT id FROM event WHERE slug = 'round'`);
    await dataSource.getRepository(JuryMemberEntity).save({ eventId: round[0].id, login: 'newcomer', name: 'New', role: 'juror', passwordHash: null });
    await h.signIn('round', 'newcomer', 'anything-at-all-here', '10.9.2.1').expect(401);
    const bad = await request(h.t.server).post('/api/jury/session').set('X-Forwarded-For', '10.9.2.2').send({ event: 'round', login: 7 }).expect(422);
    expect(bad.body.problems.map((p: { path: string }) => p.path)).toEqual(['login', 'password']);
  });

  it('limits failures per login: the 6th attempt within 15 minutes gets 429 with Retry-After, even with the right password', async () => {
    for (let i = 0; i < 5; i++) await h.signIn('round', 'juror-1', `wrong-${i}-password`, `10.20.0.${i}`).expect(401);
    const blocked = await h.signIn('round', 'juror-1', PASSWORDS.juror, '10.20.0.99').expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    expect(blocked.body).toMatchObject({ status: 429, type: '/problems/too-many-sign-in-attempts', retryAfterSeconds: Number(blocked.headers['retry-after']) });
    // Another member is not blocked by juror-1's failures.
    await h.signIn('round', 'chair', PASSWORDS.chair, '10.20.0.100').expect(201);
    // (The window is 15 real minutes: clear it so the next tests can sign juror-1 in.)
    await h.t.app.get(JuryLoginLimiter).recordSuccess('round', 'juror-1');
  });

  it('limits failures per client address, whatever the login', async () => {
    for (let i = 0; i < 5; i++) await h.signIn('round', `guess-${i}`, 'wrong-password-xyz', '10.30.0.1').expect(401);
    await h.signIn('round', 'chair', PASSWORDS.chair, '10.30.0.1').expect(429);
    await h.signIn('round', 'chair', PASSWORDS.chair, '10.30.0.2').expect(201);
  });

  it('audits sign-ins and failed sign-ins without the password', async () => {
    const res = await request(h.t.server).get('/api/jury/events/round/audit?action=jury.signin').set(h.bearer(h.sessions.chair)).expect(200);
    const actions = new Set(res.body.entries.map((e: { action: string }) => e.action));
    expect(actions).toEqual(new Set(['jury.signin', 'jury.signin.failed']));
    expect(JSON.stringify(res.body)).not.toContain('wrong-password');
    expect(JSON.stringify(res.body)).not.toContain(PASSWORDS.chair);
  });
});

describe('session lifecycle', () => {
  it('GET /api/jury/session answers the session the cookie opens (a reloaded console)', async () => {
    const s = h.sessions.juror;
    const res = await request(h.t.server).get('/api/jury/session').set(h.cookie(s)).expect(200);
    expect(res.body).toMatchObject({ login: 'juror-1', role: 'juror', event: 'round', token: s.token, csrfToken: s.csrfToken, expiresAt: s.expiresAt });
  });

  it('sign-out with a cookie needs the CSRF header; then the session is dead and the cookie cleared', async () => {
    const res = await h.signIn('round', 'juror-1', PASSWORDS.juror, '10.40.0.1').expect(201);
    const s = res.body;
    await request(h.t.server).delete('/api/jury/session').set(h.cookie(s)).expect(403);
    const out = await request(h.t.server).delete('/api/jury/session').set(h.cookie(s)).set('X-CSRF-Token', s.csrfToken).expect(204);
    expect(String(out.headers['set-cookie'])).toMatch(/podium_jury=;.*Expires=Thu, 01 Jan 1970/);
    await request(h.t.server).get('/api/jury/session').set(h.cookie(s)).expect(401);
    await request(h.t.server).get('/api/jury/session').set(h.bearer(s)).expect(401);
  });

  it('expires after 12 hours (server clock)', async () => {
    const s = wireBody('JurySessionResponse', (await h.signIn('round', 'juror-1', PASSWORDS.juror, '10.40.0.2').expect(201)).body);
    h.setNow(new Date(now.getTime() + JURY_SESSION_HOURS * 3600_000 - 1000));
    wireBody('JurySessionInfo', (await request(h.t.server).get('/api/jury/session').set(h.bearer(s)).expect(200)).body);
    h.setNow(new Date(now.getTime() + JURY_SESSION_HOURS * 3600_000));
    const expired = await request(h.t.server).get('/api/jury/session').set(h.bearer(s)).expect(401);
    expect(expired.body.type).toBe('/problems/unauthorized');
    h.setNow(now);
  });

  it('an organiser lists open sessions and revokes one; a juror may not; another event cannot', async () => {
    const victim = (await h.signIn('round', 'juror-1', PASSWORDS.juror, '10.40.0.3').expect(201)).body;
    const list = await request(h.t.server).get('/api/jury/events/round/sessions').set(h.bearer(h.sessions.chair)).expect(200);
    wireBody('JurySessionsResponse', list.body);
    const info = await request(h.t.server).get('/api/jury/session').set(h.bearer(victim)).expect(200);
    expect(list.body.sessions.map((x: { id: string }) => x.id)).toContain(info.body.session);
    expect(JSON.stringify(list.body)).not.toContain(victim.token);
    await request(h.t.server).delete(`/api/jury/events/round/sessions/${info.body.session}`).set(h.bearer(h.sessions.juror)).expect(403);
    await request(h.t.server).delete(`/api/jury/events/round/sessions/${info.body.session}`).set(h.bearer(h.sessions.other)).expect(403);
    await request(h.t.server).delete(`/api/jury/events/round/sessions/${info.body.session}`).set(h.bearer(h.sessions.chair)).send({ reason: 'lost laptop' }).expect(204);
    await request(h.t.server).get('/api/jury/session').set(h.bearer(victim)).expect(401);
    await request(h.t.server).delete(`/api/jury/events/round/sessions/${info.body.session}`).set(h.bearer(h.sessions.chair)).expect(409);
    await request(h.t.server).delete('/api/jury/events/round/sessions/not-a-session').set(h.bearer(h.sessions.chair)).expect(404);
  });

  it('a new password ends the member’s open sessions', async () => {
    const s = (await h.signIn('other', 'other-chair', PASSWORDS.other, '10.40.0.4').expect(201)).body;
    await request(h.t.server).post('/api/admin/events/other/jury/other-chair/password').set(adminAuth).send({ password: 'a-brand-new-password' }).expect(204);
    await request(h.t.server).get('/api/jury/session').set(h.bearer(s)).expect(401);
    await h.signIn('other', 'other-chair', 'a-brand-new-password', '10.40.0.5').expect(201);
  });
});

describe('OpenAPI', () => {
  it('documents every jury and jury admin route', async () => {
    const doc = (await request(h.t.server).get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const paths = Object.keys(doc.paths);
    for (const path of [
      '/api/jury/session',
      '/api/admin/events/{event}/jury',
      '/api/admin/events/{event}/jury/{login}/password',
      '/api/jury/events/{event}/tasks/{task}/board',
      '/api/jury/events/{event}/submissions',
      '/api/jury/events/{event}/submissions/{id}/file',
      '/api/jury/events/{event}/tasks/{task}/rescore',
      '/api/jury/events/{event}/submissions/{id}/disqualify',
      '/api/jury/events/{event}/submissions/{id}/reinstate',
      '/api/jury/events/{event}/teams/{team}/disqualify',
      '/api/jury/events/{event}/teams/{team}/reinstate',
      '/api/jury/events/{event}/flags',
      '/api/jury/events/{event}/audit',
      '/api/jury/events/{event}/director',
      '/api/jury/events/{event}/director/release',
      '/api/jury/events/{event}/sessions/{id}',
    ]) {
      expect(paths).toContain(path);
    }
    expect(Object.keys(doc.paths['/api/jury/session']!).sort()).toEqual(['delete', 'get', 'post']);
  });
});
