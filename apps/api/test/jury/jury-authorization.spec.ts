// Authorisation matrix: every jury and admin route against anonymous, a team token, a juror, an
// organiser of this event and an organiser of another event; CSRF on cookie sessions.
// Allowed calls send bodies that stop at validation (422) or a missing thing (404), so the matrix
// changes nothing: what it proves is that the guard let them through, or not.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JurySessionResponse } from '@podium/contracts';
import { adminAuth } from '../helpers/test-app.js';
import { predictions } from '../submissions/round-seed.js';
import { createJuryHarness, type JuryHarness } from './jury-harness.js';

type Method = 'get' | 'post' | 'delete';
interface Route {
  method: Method;
  path: string;
  body?: object;
  /** Who may call it: any jury member, organisers only, or the admin token. */
  who: 'jury' | 'organiser' | 'admin';
}

let h: JuryHarness;
let sub: string;

const routes = (): Route[] => [
  { method: 'get', path: '/api/jury/session', who: 'jury' },
  { method: 'delete', path: '/api/jury/session', who: 'jury' },
  { method: 'get', path: '/api/jury/events/round/tasks/lung/board', who: 'jury' },
  { method: 'get', path: '/api/jury/events/round/tasks/lung/robustness?resamples=20', who: 'jury' },
  { method: 'get', path: '/api/jury/events/round/submissions?task=lung', who: 'jury' },
  { method: 'get', path: `/api/jury/events/round/submissions/${sub}`, who: 'jury' },
  { method: 'get', path: `/api/jury/events/round/submissions/${sub}/file`, who: 'jury' },
  { method: 'get', path: '/api/jury/events/round/teams/team-01/history', who: 'jury' },
  { method: 'get', path: '/api/jury/events/round/members', who: 'jury' },
  { method: 'get', path: '/api/jury/events/round/audit', who: 'jury' },
  { method: 'get', path: '/api/jury/events/round/flags', who: 'jury' },
  { method: 'get', path: '/api/jury/events/round/director', who: 'jury' },
  { method: 'post', path: '/api/jury/events/round/flags', body: { submission: sub }, who: 'jury' },
  { method: 'get', path: '/api/jury/events/round/tasks/lung/verifications', who: 'jury' },
  { method: 'post', path: '/api/jury/events/round/tasks/lung/verifications', body: { note: 7 }, who: 'jury' },
  { method: 'get', path: '/api/jury/events/round/sessions', who: 'organiser' },
  { method: 'delete', path: '/api/jury/events/round/sessions/no-such-session', who: 'organiser' },
  { method: 'post', path: '/api/jury/events/round/tasks/lung/rescore', body: { preview: true }, who: 'organiser' },
  { method: 'post', path: '/api/jury/events/round/tasks/lung/finalize', body: { reason: 7 }, who: 'organiser' },
  { method: 'post', path: '/api/jury/events/round/tasks/lung/unfinalize', body: {}, who: 'organiser' },
  { method: 'post', path: `/api/jury/events/round/submissions/${sub}/rescore`, body: { preview: true }, who: 'organiser' },
  { method: 'post', path: `/api/jury/events/round/submissions/${sub}/disqualify`, body: {}, who: 'organiser' },
  { method: 'post', path: `/api/jury/events/round/submissions/${sub}/reinstate`, body: {}, who: 'organiser' },
  { method: 'post', path: '/api/jury/events/round/teams/team-01/disqualify', body: {}, who: 'organiser' },
  { method: 'post', path: '/api/jury/events/round/teams/team-01/reinstate', body: {}, who: 'organiser' },
  { method: 'post', path: '/api/jury/events/round/flags/999999/resolve', body: { reason: 'x' }, who: 'organiser' },
  { method: 'post', path: '/api/jury/events/round/announcements', body: { text: '' }, who: 'organiser' },
  { method: 'post', path: '/api/jury/events/round/announcements/no-such/withdraw', who: 'organiser' },
  { method: 'post', path: '/api/jury/events/round/director', body: { scene: 'nope' }, who: 'organiser' },
  { method: 'post', path: '/api/jury/events/round/director/release', body: { reason: 7 }, who: 'organiser' },
  { method: 'get', path: '/api/jury/events/round/ceremony', who: 'jury' },
  { method: 'post', path: '/api/jury/events/round/ceremony', body: { tasks: [] }, who: 'organiser' },
  { method: 'post', path: '/api/jury/events/round/ceremony/next', body: { step: 1 }, who: 'organiser' },
  { method: 'delete', path: '/api/jury/events/round/ceremony', body: {}, who: 'organiser' },
  { method: 'post', path: '/api/admin/events/round/jury/chair/password', body: { password: 'short' }, who: 'admin' },
  { method: 'get', path: '/api/admin/events/round/jury', who: 'admin' },
  { method: 'get', path: '/api/admin/health', who: 'admin' },
];

function call(route: Route, headers: Record<string, string>): request.Test {
  const r = request(h.t.server)[route.method](route.path).set(headers);
  return route.body ? r.send(route.body) : r;
}

beforeAll(async () => {
  h = await createJuryHarness();
  sub = (await h.submit(0, predictions(h.round)).expect(202)).body.id;
  await h.settle();
}, 90_000);
afterAll(async () => {
  await h.t.close();
});

/** A fresh session per call of a route that would end it (sign-out). */
async function sessionFor(route: Route, base: JurySessionResponse, login: string, password: string, event = 'round'): Promise<JurySessionResponse> {
  if (!(route.method === 'delete' && route.path === '/api/jury/session')) return base;
  const res = await h.signIn(event, login, password, `10.70.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`).expect(201);
  return res.body;
}

describe('authorisation matrix', () => {
  it('anonymous and team tokens get 401 everywhere', async () => {
    for (const route of routes()) {
      const anonymous = await call(route, {});
      expect([route.method, route.path, anonymous.status]).toEqual([route.method, route.path, 401]);
      expect(anonymous.headers['content-type']).toMatch(/problem\+json/);
      const team = await call(route, h.auth(0));
      expect([route.method, route.path, team.status]).toEqual([route.method, route.path, 401]);
    }
  });

  it('a juror reads and flags; organiser actions and admin routes are refused', async () => {
    const { juror } = h.sessions;
    for (const route of routes()) {
      const s = await sessionFor(route, juror, 'juror-1', 'juror-password-4567');
      const res = await call(route, h.bearer(s));
      const expected = route.who === 'admin' ? [401] : route.who === 'organiser' ? [403] : [200, 204, 422];
      expect([route.method, route.path, expected.includes(res.status)], JSON.stringify(res.body)).toEqual([route.method, route.path, true]);
    }
  });

  it('an organiser of this event passes every jury guard (admin routes still need the admin token)', async () => {
    const { chair } = h.sessions;
    for (const route of routes()) {
      const s = await sessionFor(route, chair, 'chair', 'chair-password-0123');
      const res = await call(route, h.bearer(s));
      const expected = route.who === 'admin' ? [401] : [200, 204, 404, 422];
      expect([route.method, route.path, expected.includes(res.status)], `${res.status} ${JSON.stringify(res.body)}`).toEqual([route.method, route.path, true]);
    }
  });

  it('an organiser of another event is refused (403) on every route of this event', async () => {
    for (const route of routes()) {
      if (route.path.startsWith('/api/jury/session')) continue; // their own session: fine
      const res = await call(route, h.bearer(h.sessions.other));
      const expected = route.who === 'admin' ? 401 : 403;
      expect([route.method, route.path, res.status]).toEqual([route.method, route.path, expected]);
    }
  });

  it('the admin token opens the admin routes only', async () => {
    for (const route of routes()) {
      const res = await call(route, adminAuth);
      const expected = route.who === 'admin' ? [200, 422] : [401];
      expect([route.method, route.path, expected.includes(res.status)]).toEqual([route.method, route.path, true]);
    }
  });

  it('a cookie session must send X-CSRF-Token on every state-changing route (reads need none)', async () => {
    const { chair } = h.sessions;
    for (const route of routes()) {
      if (route.who === 'admin') continue;
      const s = await sessionFor(route, chair, 'chair', 'chair-password-0123');
      const bare = await call(route, h.cookie(s));
      if (route.method === 'get') {
        expect([route.path, bare.status]).toEqual([route.path, 200]);
        continue;
      }
      expect([route.method, route.path, bare.status, bare.body.type]).toEqual([route.method, route.path, 403, '/problems/csrf-token-missing']);
      const wrong = await call(route, { ...h.cookie(s), 'X-CSRF-Token': h.sessions.juror.csrfToken });
      expect([route.method, route.path, wrong.status]).toEqual([route.method, route.path, 403]);
      const right = await call(route, { ...h.cookie(s), 'X-CSRF-Token': s.csrfToken });
      expect([route.method, route.path, [200, 204, 404, 422].includes(right.status)]).toEqual([route.method, route.path, true]);
    }
  });

  it('a revoked or expired session is a 401 everywhere', async () => {
    const victim = (await h.signIn('round', 'chair', 'chair-password-0123', '10.80.0.1').expect(201)).body as JurySessionResponse;
    const info = await request(h.t.server).get('/api/jury/session').set(h.bearer(victim)).expect(200);
    await request(h.t.server).delete(`/api/jury/events/round/sessions/${info.body.session}`).set(h.bearer(h.sessions.chair)).expect(204);
    for (const route of routes()) {
      if (route.who === 'admin') continue;
      expect([route.path, (await call(route, h.bearer(victim))).status]).toEqual([route.path, 401]);
    }
    const later = (await h.signIn('round', 'chair', 'chair-password-0123', '10.80.0.2').expect(201)).body as JurySessionResponse;
    h.setNow(new Date(Date.parse(later.expiresAt)));
    for (const route of routes()) {
      if (route.who === 'admin') continue;
      expect([route.path, (await call(route, h.bearer(later))).status]).toEqual([route.path, 401]);
    }
  });
});
