// Failed token checks are limited per client address: after PODIUM_AUTH_FAILURE_LIMIT wrong team
// or admin tokens in the window, every token check from that address answers 429 problem+json
// with Retry-After (a valid token too, so a guesser cannot tell when it hit), and each failure is
// logged. A request without any token is a plain 401 and does not count.
import { Logger } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminAuth, createTestApp, type TestApp } from './helpers/test-app.js';
import { seedRound, type SeededRound } from './submissions/round-seed.js';

const LIMIT = 5;

async function appWithRound(): Promise<{ t: TestApp; round: SeededRound }> {
  const t = await createTestApp({ env: { PODIUM_AUTH_FAILURE_LIMIT: String(LIMIT), PODIUM_AUTH_FAILURE_WINDOW_S: '600' } });
  const round = await seedRound(t.app.get(DataSource), { now: new Date(), teams: 1 });
  return { t, round };
}

function expectTooMany(res: request.Response): void {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.body.type).toBe('/problems/too-many-failed-attempts');
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(600);
  expect(res.body.retryAfterSeconds).toBe(retryAfter);
}

describe('failed team token checks', () => {
  let t: TestApp;
  let round: SeededRound;
  const warnings: string[] = [];
  beforeAll(async () => {
    ({ t, round } = await appWithRound());
    vi.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await t.close();
  });

  it(`answers 401 to the first ${LIMIT} wrong tokens, then 429 with Retry-After even for a valid one`, async () => {
    for (let i = 0; i < 3; i++) await request(t.server).get('/api/teams/me').expect(401); // no token: not counted
    for (let i = 0; i < LIMIT; i++) {
      const res = await request(t.server).get('/api/teams/me').set('Authorization', `Bearer wrong-${i}`);
      expect(res.status).toBe(401);
    }
    expectTooMany(await request(t.server).get('/api/teams/me').set('Authorization', 'Bearer wrong-again'));
    expectTooMany(await request(t.server).get('/api/teams/me').set('Authorization', `Bearer ${round.teams[0]!.token}`));
    const upload = await request(t.server)
      .post(`/api/events/${round.eventSlug}/tasks/${round.taskSlug}/submissions`)
      .set('Authorization', 'Bearer wrong')
      .attach('file', Buffer.from('id,p\n'), 'a.csv');
    expectTooMany(upload);
    // The admin token is checked per address too.
    expectTooMany(await request(t.server).post('/api/admin/teams/x/y/token').set(adminAuth));
  });

  it('logs each failed attempt with the address, never the token', () => {
    const failed = warnings.filter((w) => w.startsWith('Failed team token check'));
    expect(failed).toHaveLength(LIMIT);
    expect(failed[0]).toMatch(/from (127\.0\.0\.1|::1) on GET \/api\/teams\/me \(1\/5 in 600 s\)/);
    expect(warnings.join('\n')).not.toContain('wrong-');
  });
});

describe('failed admin token checks', () => {
  let t: TestApp;
  beforeAll(async () => {
    ({ t } = await appWithRound());
  });
  afterAll(() => t.close());

  it(`answers 401 to the first ${LIMIT} wrong admin tokens, then 429 even for the right one`, async () => {
    for (let i = 0; i < LIMIT; i++) {
      await request(t.server).post('/api/admin/teams/round/team-01/token').set('Authorization', `Bearer not-the-admin-token-${i}`).expect(401);
    }
    expectTooMany(await request(t.server).post('/api/admin/teams/round/team-01/token').set('Authorization', 'Bearer not-the-admin-token'));
    expectTooMany(await request(t.server).post('/api/admin/teams/round/team-01/token').set(adminAuth));
    // Routes without a token check stay open.
    await request(t.server).get('/api/health').expect(200);
  });
});
