// The browser mounts on the real app: built files with their cache policy, SPA fallback, 404 for a
// missing asset, 503 when unbuilt, "coming" pages, the landing page - and /api untouched.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEventWithSecrets } from '../../../test/helpers/event-seed.js';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.js';

const TEAM_INDEX = '<!doctype html><html><head><link rel="manifest" href="./manifest.webmanifest"></head><body>team</body></html>';
const INDEX = '<!doctype html><html><head><script type="module" src="/screen/assets/index-abc123.js"></script></head><body></body></html>';
const JURY_INDEX = '<!doctype html><html><head><script type="module" src="/jury/assets/index-def456.js"></script></head><body></body></html>';

describe('web mounts', () => {
  let t: TestApp;
  const webDir = mkdtempSync(join(tmpdir(), 'podium-web-'));
  const juryDir = mkdtempSync(join(tmpdir(), 'podium-jury-web-'));
  const teamDir = mkdtempSync(join(tmpdir(), 'podium-web-team-'));
  const previous = process.env['PODIUM_WEB_DIR'];
  const previousJury = process.env['PODIUM_JURY_WEB_DIR'];
  const previousTeam = process.env['PODIUM_TEAM_WEB_DIR'];

  beforeAll(async () => {
    writeFileSync(join(juryDir, 'index.html'), JURY_INDEX);
    process.env['PODIUM_JURY_WEB_DIR'] = juryDir;
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), INDEX);
    writeFileSync(join(webDir, 'assets', 'index-abc123.js'), 'console.log("screen")');
    writeFileSync(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(webDir, '.env'), 'SECRET=1');
    writeFileSync(join(teamDir, 'index.html'), TEAM_INDEX);
    writeFileSync(join(teamDir, 'manifest.webmanifest'), '{"name":"Podium"}');
    process.env['PODIUM_WEB_DIR'] = webDir;
    process.env['PODIUM_TEAM_WEB_DIR'] = teamDir;
    t = await createTestApp();
    await seedEventWithSecrets(t.app.get(DataSource), new Date());
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env['PODIUM_WEB_DIR'];
    else process.env['PODIUM_WEB_DIR'] = previous;
    if (previousJury === undefined) delete process.env['PODIUM_JURY_WEB_DIR'];
    else process.env['PODIUM_JURY_WEB_DIR'] = previousJury;
    if (previousTeam === undefined) delete process.env['PODIUM_TEAM_WEB_DIR'];
    else process.env['PODIUM_TEAM_WEB_DIR'] = previousTeam;
    await t?.close();
    rmSync(webDir, { recursive: true, force: true });
    rmSync(juryDir, { recursive: true, force: true });
    rmSync(teamDir, { recursive: true, force: true });
  });

  it('serves index.html at /screen, /screen/ and client routes, never cached', async () => {
    for (const path of ['/screen?event=seeded', '/screen/', '/screen/?event=seeded&scene=race', '/screen/some/client/route']) {
      const res = await request(t.server).get(path).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toBe(INDEX);
    }
  });

  it('caches hashed assets for a year, other files are revalidated', async () => {
    const asset = await request(t.server).get('/screen/assets/index-abc123.js').expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await request(t.server).get('/screen/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers 404 for a missing file (not index.html as JavaScript) and refuses dotfiles and traversal', async () => {
    const missing = await request(t.server).get('/screen/assets/index-old999.js').expect(404);
    expect(missing.headers['content-type']).toMatch(/^text\/plain/);
    expect(missing.text).toContain('/screen/assets/index-old999.js');
    await request(t.server).get('/screen/.env').expect(403);
    const traversal = await request(t.server).get('/screen/..%2f..%2fpackage.json');
    expect([403, 404]).toContain(traversal.status);
    expect(traversal.text).not.toContain('"name"');
  });

  it('leaves /api alone: JSON routes, problem+json 404s, and non-GET methods', async () => {
    const health = await request(t.server).get('/api/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok' });
    const unknown = await request(t.server).get('/api/nothing-here').expect(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    await request(t.server).post('/screen').expect(404);
  });

  it('renders the landing page with the event and its links', async () => {
    const res = await request(t.server).get('/').set('Accept-Language', 'fr-FR,fr;q=0.9').expect(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['vary']).toContain('Accept-Language');
    expect(res.text).toContain('<html lang="fr">');
    expect(res.text).toContain('data-event="seeded"');
    expect(res.text).toContain('href="/screen?event=seeded&amp;lang=fr"');
    const en = await request(t.server).get('/?lang=en').expect(200);
    expect(en.text).toContain('Seeded event');
  });

  it('serves the built jury console at /jury and its client routes', async () => {
    for (const path of ['/jury?event=seeded&lang=fr', '/jury/', '/jury/#audit']) {
      const res = await request(t.server).get(path).expect(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toBe(JURY_INDEX);
    }
  });

  it('serves the built team view at /team (the big screen\'s QR code), its manifest, and its client routes', async () => {
    for (const path of ['/team', '/team/', '/team?event=seeded', '/team/some/route']) {
      const res = await request(t.server).get(path).expect(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toBe(TEAM_INDEX);
    }
    const manifest = await request(t.server).get('/team/manifest.webmanifest').expect(200);
    expect(manifest.text).toContain('Podium');
    const landing = await request(t.server).get('/?lang=en').expect(200);
    expect(landing.text).toMatch(/href="\/team\?event=seeded&amp;lang=en">Team view<\/a>(?!<em>)/);
  });
});

describe('web mounts without a built screen', () => {
  let t: TestApp;
  const emptyDir = mkdtempSync(join(tmpdir(), 'podium-web-empty-'));
  const emptyJuryDir = mkdtempSync(join(tmpdir(), 'podium-jury-web-empty-'));
  const emptyTeamDir = mkdtempSync(join(tmpdir(), 'podium-web-team-empty-'));
  const previous = process.env['PODIUM_WEB_DIR'];
  const previousJury = process.env['PODIUM_JURY_WEB_DIR'];
  const previousTeam = process.env['PODIUM_TEAM_WEB_DIR'];
  beforeAll(async () => {
    process.env['PODIUM_WEB_DIR'] = emptyDir;
    process.env['PODIUM_JURY_WEB_DIR'] = emptyJuryDir;
    process.env['PODIUM_TEAM_WEB_DIR'] = emptyTeamDir;
    t = await createTestApp();
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env['PODIUM_WEB_DIR'];
    else process.env['PODIUM_WEB_DIR'] = previous;
    if (previousJury === undefined) delete process.env['PODIUM_JURY_WEB_DIR'];
    else process.env['PODIUM_JURY_WEB_DIR'] = previousJury;
    if (previousTeam === undefined) delete process.env['PODIUM_TEAM_WEB_DIR'];
    else process.env['PODIUM_TEAM_WEB_DIR'] = previousTeam;
    await t?.close();
    rmSync(emptyDir, { recursive: true, force: true });
    rmSync(emptyJuryDir, { recursive: true, force: true });
    rmSync(emptyTeamDir, { recursive: true, force: true });
  });

  it('answers 503 for an unbuilt team view, saying how to build it (it is no longer a "coming" page)', async () => {
    const res = await request(t.server).get('/team').set('Accept-Language', 'en').expect(503);
    expect(res.text).toContain('The team view is not built');
    expect(res.text).toContain(emptyTeamDir);
    const fr = await request(t.server).get('/team?lang=fr').expect(503);
    expect(fr.text).toContain('Pas encore construit : vue équipe');
  });

  it('answers 503 with how to build it, and serves it as soon as it is built', async () => {
    const res = await request(t.server).get('/screen?event=x').set('Accept-Language', 'en').expect(503);
    expect(res.text).toContain('The big screen is not built');
    expect(res.text).toContain('<code>npm run build</code>');
    expect(res.text).toContain(emptyDir);
    writeFileSync(join(emptyDir, 'index.html'), INDEX);
    await request(t.server).get('/screen?event=x').expect(200);
  });

  it('answers an unbuilt jury console with 503 and how to build it (it is no longer a "coming" page)', async () => {
    const res = await request(t.server).get('/jury?event=x').set('Accept-Language', 'en').expect(503);
    expect(res.text).toContain('The jury console is not built');
    expect(res.text).toContain(emptyJuryDir);
  });

  it('lists no event on an empty database, saying how to import one', async () => {
    const res = await request(t.server).get('/?lang=en').expect(200);
    expect(res.text).toContain('data-testid="no-event"');
  });
});
