import type { TaskDetails } from '@podium/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/common/security/token.js';
import { SECRETS, seedEventWithSecrets } from './helpers/event-seed.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('public event API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedEventWithSecrets(t.app.get(DataSource), new Date());
  });
  afterAll(async () => t?.close());

  it('lists events by slug and title', async () => {
    const res = await request(t.server).get('/api/events').expect(200);
    expect(res.body).toEqual([{ slug: 'seeded', title: { en: 'Seeded event', fr: 'Événement semé' } }]);
  });

  it('describes an event: tasks with windows and state at the server clock, teams', async () => {
    const res = await request(t.server).get('/api/events/seeded').expect(200);
    expect(res.body).toMatchObject({ slug: 'seeded', timezone: 'Europe/Paris', teams: [{ slug: 'owkin', name: 'Owkin', category: 'industry' }] });
    expect(Date.parse(res.body.serverTime)).not.toBeNaN();
    const tasks = res.body.tasks as TaskDetails[];
    expect(tasks.map((task) => [task.slug, task.state, task.clock.phase, task.clock.frozen])).toEqual([
      ['upcoming', 'upcoming', 'upcoming', false],
      ['open', 'open', 'open', false],
      ['frozen', 'frozen', 'open', true],
      ['closed', 'closed', 'closed', true],
    ]);
    const open = tasks[1]!;
    expect(open).toMatchObject({
      title: { en: 'Task open', fr: 'Tâche open' },
      precision: 3,
      graceSeconds: 30,
      leaderboard: 'best',
      quota: { submissions: 10, perMinutes: 60 },
      ranking: 'single',
      scores: [
        { name: 'auc', better: 'max' },
        { name: 'mse', better: 'min' },
      ],
    });
    expect(open.clock.closesAt).toMatch(/Z$/);
    expect(tasks[0]!.precision).toBe(4);
    expect(tasks[0]!.quota).toBeNull();
    expect(tasks[3]!.ranking).toBe('rank_sum');
  });

  it('never reveals an answer key, a token hash or a private value (checked on the raw bytes)', async () => {
    for (const path of ['/api/events', '/api/events/seeded']) {
      const res = await request(t.server).get(path).buffer(true).parse((response, done) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => done(null, text));
      });
      const raw = res.body as string;
      expect(raw.length).toBeGreaterThan(10);
      for (const secret of [
        SECRETS.caseId,
        SECRETS.caseId.toLowerCase(),
        String(SECRETS.truth),
        String(SECRETS.privateScore),
        SECRETS.teamToken,
        hashToken(SECRETS.teamToken),
        'a'.repeat(64),
        'SecretCase',
        'token',
        'answer',
        'private',
      ]) {
        expect(raw, `${path} leaks ${secret}`).not.toContain(secret);
      }
    }
  });
});
