import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { AdminTokenService } from '../src/common/auth/admin-token.service.js';
import { hashToken } from '../src/common/security/token.js';
import { AuditEntryEntity } from '../src/modules/audit/audit-entry.entity.js';
import { AppSettingEntity } from '../src/modules/settings/app-setting.entity.js';
import { TeamsService } from '../src/modules/teams/teams.service.js';
import { SECRETS, seedEventWithSecrets } from './helpers/event-seed.js';
import { adminAuth, createTestApp, type TestApp } from './helpers/test-app.js';
import { createTestDatabase } from './helpers/test-database.js';

describe('admin token', () => {
  const opened: TestApp[] = [];
  afterAll(async () => {
    for (const t of opened.reverse()) await t.close().catch(() => undefined);
  });

  it('is generated once when PODIUM_ADMIN_TOKEN is unset, stored only as a hash, and survives a restart', async () => {
    const database = await createTestDatabase();
    const first = await createTestApp({ database, env: { PODIUM_ADMIN_TOKEN: undefined } });
    const generated = first.app.get(AdminTokenService).generatedToken;
    expect(generated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const settings = await first.app.get(DataSource).getRepository(AppSettingEntity).find();
    expect(settings.map((row) => row.value)).toEqual([hashToken(generated!)]);
    // A known token reaches the route (404: no such team) instead of being refused (401).
    await request(first.server).post('/api/admin/teams/none/none/token').set('Authorization', `Bearer ${generated}`).expect(404);
    await first.close({ keepDatabase: true });

    const second = await createTestApp({ database, env: { PODIUM_ADMIN_TOKEN: undefined } });
    opened.push(second);
    expect(second.app.get(AdminTokenService).generatedToken).toBeUndefined();
    await request(second.server).post('/api/admin/teams/none/none/token').set('Authorization', `Bearer ${generated}`).expect(404);
    await request(second.server).post('/api/admin/teams/none/none/token').set('Authorization', 'Bearer guess').expect(401);
  });
});

describe('team token rotation', () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('returns a new token once; the old one stops working; the rotation is audited', async () => {
    t = await createTestApp();
    await seedEventWithSecrets(t.app.get(DataSource), new Date());
    const teams = t.app.get(TeamsService);
    expect((await teams.findByToken(SECRETS.teamToken))?.slug).toBe('owkin');

    const res = await request(t.server).post('/api/admin/teams/seeded/owkin/token').set(adminAuth).expect(200);
    expect(res.body).toEqual({ event: 'seeded', team: 'owkin', token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(await teams.findByToken(SECRETS.teamToken)).toBeNull();
    const team = await teams.findByToken(res.body.token);
    expect(team?.slug).toBe('owkin');
    expect(team?.event?.slug).toBe('seeded');

    const audit = await t.app.get(DataSource).getRepository(AuditEntryEntity).findBy({ action: 'team.token.rotate' });
    expect(audit.map((entry) => [entry.actor, entry.target])).toEqual([['admin', 'team:seeded/owkin']]);
    const raw = JSON.stringify(audit);
    expect(raw).not.toContain(res.body.token);

    const missing = await request(t.server).post('/api/admin/teams/seeded/nobody/token').set(adminAuth).expect(404);
    expect(missing.body).toMatchObject({ type: '/problems/team-not-found', detail: 'No team "nobody" in event "seeded".' });
  });
});
