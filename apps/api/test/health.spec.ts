import { readFileSync } from 'node:fs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, createTestApp, type TestApp } from './helpers/test-app.js';

describe('health, docs and error shape', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('GET /api/health reports readiness, the database kind, version and uptime, and nothing about the round', async () => {
    const res = await request(t.server).get('/api/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: process.env['DATABASE_URL'] ? 'postgres' : 'pglite',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      uptimeSeconds: expect.any(Number),
      node: expect.stringMatching(/:\d+$/),
      ready: true,
      checks: { database: 'up', redis: 'absent' },
    });
    expect(await request(t.server).get('/api/health/live').expect(200)).toHaveProperty('body', { status: 'ok' });
  });

  // An import holds the database in one transaction for seconds; the embedded database is one
  // session, so a `SELECT 1` would wait for it and health would say "down" to nginx meanwhile.
  it('GET /api/health answers ready while a transaction holds the database, as an import does', async () => {
    const dataSource = t.app.get(DataSource);
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const transaction = dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1');
      entered();
      await held;
    });
    await inside;
    try {
      const res = await request(t.server).get('/api/health').expect(200);
      expect(res.body).toMatchObject({ ready: true, checks: { database: 'up' } });
    } finally {
      finish();
      await transaction;
    }
  });

  it('GET /api/admin/health adds database latency, queue depth and scoring lag, for the organiser only', async () => {
    await request(t.server).get('/api/admin/health').expect(401);
    const res = await request(t.server).get('/api/admin/health').set(adminAuth).expect(200);
    expect(res.body).toMatchObject({ ready: true, checks: { database: 'up', redis: 'absent' }, queue: { waiting: 0, active: 0, failed: 0 }, scoringLagSeconds: 0 });
    expect(res.body.databaseLatencyMs).toBeGreaterThanOrEqual(0);
  });

  it('serves the OpenAPI document and UI', async () => {
    const json = await request(t.server).get('/api/docs-json').expect(200);
    // What a server serves is the committed document (generated without a database).
    expect(json.body).toEqual(JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')));
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/events', '/api/events/{event}', '/api/admin/events', '/api/admin/teams/{event}/{team}/token']),
    );
    // The 429 of a submission documents its extension members (when the next slot frees).
    const quota = json.body.paths['/api/events/{event}/tasks/{task}/submissions'].post.responses['429'];
    expect(quota.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/QuotaExceededProblem' });
    expect(Object.keys(json.body.components.schemas.QuotaExceededProblem.properties)).toEqual(
      expect.arrayContaining(['type', 'status', 'detail', 'nextSlotAt', 'retryAfterSeconds']),
    );
    expect(Object.keys(quota.headers)).toEqual(['Retry-After', 'Podium-Next-Slot-At']);
    const ui = await request(t.server).get('/api/docs').expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('answers unknown routes and unknown events with problem+json', async () => {
    const route = await request(t.server).get('/api/nope').expect(404);
    expect(route.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(route.body).toMatchObject({ status: 404, title: 'Not found', type: '/problems/not-found' });
    const event = await request(t.server).get('/api/events/unknown-event').expect(404);
    expect(event.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(event.body).toMatchObject({
      type: '/problems/event-not-found',
      status: 404,
      detail: 'No event with slug "unknown-event".',
      instance: '/api/events/unknown-event',
    });
  });

  it('refuses admin routes without the admin token', async () => {
    const none = await request(t.server).post('/api/admin/events').set('Content-Type', 'application/zip').send(Buffer.from('PK'));
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.body.type).toBe('/problems/unauthorized');
    const wrong = await request(t.server).post('/api/admin/teams/x/y/token').set('Authorization', 'Bearer not-the-token');
    expect(wrong.status).toBe(401);
  });

  it('limits JSON bodies and answers malformed JSON with a 400 problem', async () => {
    const bad = await request(t.server).post('/api/admin/teams/x/y/token').set('Content-Type', 'application/json').send('{"a":');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    const huge = await request(t.server)
      .post('/api/admin/teams/x/y/token')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.body.type).toBe('/problems/payload-too-large');
  });
});
