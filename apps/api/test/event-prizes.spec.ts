// The bundle's optional prizes: list is stored with the event at import, replaced by a re-import,
// and a prize naming an unknown task is refused with a located problem (nothing written).
import { buildBundleZip, VALID_EVENT_YAML, validBundleFiles } from '@podium/event-bundle';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventEntity } from '../src/modules/events/event.entity.js';
import { adminAuth, createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
const post = (yaml: string) =>
  request(t.server).post('/api/admin/events').set(adminAuth).set('Content-Type', 'application/zip').send(Buffer.from(buildBundleZip({ ...validBundleFiles(), 'event.yaml': yaml })));
const stored = async () => (await t.app.get(DataSource).getRepository(EventEntity).findOneByOrFail({ slug: 'fixture-2019' })).prizes;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('prizes at import', () => {
  it('stores them, replaces them on re-import, and refuses an unknown task', async () => {
    await post(
      VALID_EVENT_YAML +
        `prizes:
  - { task: lung, places: [1, 2, 3], title: { en: "Lung podium", fr: "Podium poumon" } }
  - { task: ms, category: student, title: { en: "Best student team", fr: "Meilleure équipe étudiante" } }
`,
    ).expect(201);
    expect(await stored()).toEqual([
      { task: 'lung', places: [1, 2, 3], title: { en: 'Lung podium', fr: 'Podium poumon' } },
      { task: 'ms', places: [1], category: 'student', title: { en: 'Best student team', fr: 'Meilleure équipe étudiante' } },
    ]);

    const bad = await post(VALID_EVENT_YAML + `prizes:\n  - { task: brain, places: [1], title: { en: "X", fr: "X" } }\n`).expect(422);
    expect(bad.body.problems).toEqual([expect.objectContaining({ code: 'manifest.prize_unknown_task', path: 'prizes[0].task' })]);
    expect(await stored()).toHaveLength(2);

    await post(VALID_EVENT_YAML).expect(201);
    expect(await stored()).toEqual([]);
  });
});
