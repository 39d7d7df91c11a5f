// Data survives a restart on the same database, and the demo is not imported over an existing event.
import { buildBundleZip, validBundleFiles } from '@podium/event-bundle';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { DemoSeedService } from '../src/modules/demo/demo-seed.service.js';
import { adminAuth, createTestApp, type TestApp } from './helpers/test-app.js';
import { createTestDatabase } from './helpers/test-database.js';

describe('restart persistence', () => {
  let second: TestApp | undefined;
  afterAll(async () => second?.close());

  it('keeps the imported event across a restart and does not seed the demo over it', async () => {
    const database = await createTestDatabase();
    const first = await createTestApp({ database });
    await request(first.server)
      .post('/api/admin/events')
      .set(adminAuth)
      .set('Content-Type', 'application/zip')
      .send(Buffer.from(buildBundleZip(validBundleFiles())))
      .expect(201);
    await first.close({ keepDatabase: true });

    second = await createTestApp({ database, env: { PODIUM_DEMO: 'on' } });
    expect(await second.app.get(DemoSeedService).seedIfEmpty()).toBeNull();
    const events = await request(second.server).get('/api/events').expect(200);
    expect(events.body.map((event: { slug: string }) => event.slug)).toEqual(['fixture-2019']);
    const details = await request(second.server).get('/api/events/fixture-2019').expect(200);
    expect(details.body.teams).toHaveLength(4);
  });
});
