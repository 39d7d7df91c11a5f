// One team must not stall scoring for the others (issue 12, finding 3): rejected uploads are
// limited per team per minute (their own 429), and one rejected file costs at most a hundred
// stored problems. The scheduling order itself is unit-tested in fair-scheduler.spec.ts.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBMISSION_PROBLEM_TYPES } from '@podium/contracts';
import { createHarness, type Harness } from './submission-harness.js';
import { predictions } from './round-seed.js';

const LIMIT = 2;

describe('scoring fairness between teams', () => {
  let h: Harness;
  const start = new Date();
  const unknownIds = (salt: number) => predictions(h.round, { salt, rows: (id, p) => `${id}-unknown,${p}` });

  beforeAll(async () => {
    h = await createHarness({ teams: 2, now: start, cases: 300, env: { PODIUM_REJECTED_UPLOADS_PER_MINUTE: String(LIMIT) } });
  });
  afterAll(async () => {
    await h?.t.close();
  });

  it('stores at most a hundred problems for one rejected file', async () => {
    // 300 lines of unknown ids (and 300 missing ones).
    const res = await h.submit(1, unknownIds(1)).expect(202);
    await h.settle();
    const details = await request(h.t.server).get(`/api/submissions/${res.body.id}`).set(h.auth(1)).expect(200);
    expect(details.body.status).toBe('rejected');
    expect(details.body.problems.length).toBeGreaterThan(0);
    expect(details.body.problems.length).toBeLessThanOrEqual(100);
  });

  it('answers 429 rejected-uploads-limit with Retry-After once a team had its rejections of the minute', async () => {
    h.setNow(new Date(start.getTime() + 2 * 60_000)); // the first test's rejection is out of the window
    for (const salt of [2, 3]) {
      await h.submit(0, unknownIds(salt)).expect(202);
      await h.settle();
    }
    const refused = await h.submit(0, predictions(h.round, { salt: 4 })).expect(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ type: SUBMISSION_PROBLEM_TYPES.rejectedUploads, status: 429, limit: LIMIT, perMinutes: 1 });
    expect(refused.body.detail).toMatch(/2 of your team's uploads were rejected in the last minute/);
    expect(Number(refused.headers['retry-after'])).toBe(refused.body.retryAfterSeconds);
    expect(refused.body.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.body.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another team is not affected.
    await h.submit(1, predictions(h.round, { salt: 5 })).expect(202);
    // Once the oldest rejection is a minute old, the team uploads again.
    h.setNow(new Date(start.getTime() + 2 * 60_000 + 61_000));
    await h.submit(0, predictions(h.round, { salt: 6 })).expect(202);
    await h.settle();
  });
});
