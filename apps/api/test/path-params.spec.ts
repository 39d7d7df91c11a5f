// Path parameters are checked before any query: a NUL byte, a broken encoding or a kilobyte in a
// slug or id is a 400/404 problem on every route that takes one, and nothing lands in the error
// log (no SQL with its parameters, no stack) for what is the client's mistake.
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminAuth } from './helpers/test-app.js';
import { createHarness, type Harness } from './submissions/submission-harness.js';

describe('path parameters', () => {
  let h: Harness;
  let logged: string[] = [];
  beforeAll(async () => {
    h = await createHarness({ teams: 1 });
    // Everything the process prints (Nest logger, TypeORM's query log, console).
    const capture = (stream: NodeJS.WriteStream) => {
      const write = stream.write.bind(stream);
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
        logged.push(String(chunk));
        return write(chunk as string, ...rest);
      }) as typeof stream.write);
    };
    capture(process.stdout);
    capture(process.stderr);
    for (const level of ['log', 'error', 'warn'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
  });
  afterEach(() => {
    logged = [];
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await h.t.close();
  });

  const bad = ['jfr%00demo', '%0a', 'x%7f', '%ED%A0%80', 'a'.repeat(300)];

  it('GET /api/events/jfr%00demo answers a problem, not a 500, and logs no SQL', async () => {
    const res = await request(h.t.server).get('/api/events/jfr%00demo');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/invalid-path-parameter', status: 400, parameter: 'event' });
    expect(res.body.detail).toContain('"event"');
    const log = logged.join('\n');
    expect(log).not.toMatch(/PARAMETERS|QueryFailedError|query failed|ERROR/);
  });

  it('a slug that cannot exist is a 404 like an unknown one', async () => {
    const res = await request(h.t.server).get('/api/events/Not_A_Slug').expect(404);
    expect(res.body.type).toBe('/problems/event-not-found');
    const long = await request(h.t.server).get(`/api/events/${'a'.repeat(300)}`).expect(400);
    expect(long.body.detail).toContain('at most 200');
  });

  it('every route with path parameters refuses a NUL, a control character, a lone surrogate and an overlong value', async () => {
    const e = h.round.eventSlug;
    const t = h.round.taskSlug;
    const team = h.auth(0);
    const routes: { method: 'get' | 'post'; path: (v: string) => string; auth?: Record<string, string> }[] = [
      { method: 'get', path: (v) => `/api/events/${v}` },
      { method: 'get', path: (v) => `/api/events/${v}/tasks/${t}/leaderboard` },
      { method: 'get', path: (v) => `/api/events/${e}/tasks/${v}/leaderboard` },
      { method: 'get', path: (v) => `/api/events/${e}/tasks/${v}/leaderboard.csv` },
      { method: 'get', path: (v) => `/api/events/${v}/tasks/${t}/leaderboard.json` },
      { method: 'get', path: (v) => `/api/events/${e}/tasks/${v}/history` },
      { method: 'post', path: (v) => `/api/events/${v}/tasks/${t}/submissions`, auth: team },
      { method: 'post', path: (v) => `/api/events/${e}/tasks/${v}/submissions`, auth: team },
      { method: 'get', path: (v) => `/api/submissions/${v}`, auth: team },
      { method: 'post', path: (v) => `/api/admin/teams/${v}/team-01/token`, auth: adminAuth },
      { method: 'post', path: (v) => `/api/admin/teams/${e}/${v}/token`, auth: adminAuth },
      { method: 'post', path: (v) => `/api/admin/events/${v}/announcements`, auth: adminAuth },
      { method: 'post', path: (v) => `/api/admin/events/${e}/announcements/${v}/withdraw`, auth: adminAuth },
    ];
    for (const route of routes) {
      for (const value of bad) {
        const res = await request(h.t.server)[route.method](route.path(value)).set(route.auth ?? {});
        const where = `${route.method.toUpperCase()} ${route.path(value).slice(0, 80)}`;
        expect([400, 404], where).toContain(res.status);
        expect(res.headers['content-type'], where).toMatch(/application\/problem\+json/);
      }
    }
    expect(logged.join('\n')).not.toMatch(/PARAMETERS|QueryFailedError|query failed|ERROR/);
  });

  it('valid parameters still reach their routes', async () => {
    await request(h.t.server).get(`/api/events/${h.round.eventSlug}`).expect(200);
    await request(h.t.server).get(`/api/events/${h.round.eventSlug}/tasks/${h.round.taskSlug}/leaderboard`).expect(200);
  });
});
