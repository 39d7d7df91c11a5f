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

const INDEX = '<!doctype html><html><head><script type="module" src="/screen/assets/index-abc123.js"></script></head><body></body></html>';

describe('web mounts', () => {
  let t: TestApp;
  const webDir = mkdtempSync(join(tmpdir(), 'podium-web-'));
  const previous = process.env['PODIUM_WEB_DIR'];

  beforeAll(async () => {
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), INDEX);
    writeFileSync(join(webDir, 'assets', 'index-abc123.js'), 'console.log("screen")');
    writeFileSync(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(webDir, '.env'), 'SECRET=1');
    process.env['PODIUM_WEB_DIR'] = webDir;
    t = await createTestApp();
    await seedEventWithSecrets(t.app.get(DataSource), new Date());
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env['PODIUM_WEB_DIR'];
    else process.env['PODIUM_WEB_DIR'] = previous;
    await t?.close();
    rmSync(webDir, { recursive: true, force: true });
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

  it('answers the planned team view and jury console with a "coming" page, not a 404', async () => {
    const team = await request(t.server).get('/team?event=seeded').set('Accept-Language', 'en').expect(200);
    expect(team.text).toContain('Team view - coming soon');
    // The command the CLI really offers (there is no `podium` binary on the PATH).
    expect(team.text).toContain('<code>npm run podium -- submit</code>');
    expect(team.text).not.toContain('<code>podium submit</code>');
    const jury = await request(t.server).get('/jury?lang=fr').expect(200);
    expect(jury.text).toContain('Console du jury - bientôt');
  });
});

describe('web mounts without a built screen', () => {
  let t: TestApp;
  const emptyDir = mkdtempSync(join(tmpdir(), 'podium-web-empty-'));
  const previous = process.env['PODIUM_WEB_DIR'];
  beforeAll(async () => {
    process.env['PODIUM_WEB_DIR'] = emptyDir;
    t = await createTestApp();
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env['PODIUM_WEB_DIR'];
    else process.env['PODIUM_WEB_DIR'] = previous;
    await t?.close();
    rmSync(emptyDir, { recursive: true, force: true });
  });

  it('answers 503 with how to build it, and serves it as soon as it is built', async () => {
    const res = await request(t.server).get('/screen?event=x').set('Accept-Language', 'en').expect(503);
    expect(res.text).toContain('The big screen is not built');
    expect(res.text).toContain('<code>npm run build</code>');
    expect(res.text).toContain(emptyDir);
    writeFileSync(join(emptyDir, 'index.html'), INDEX);
    await request(t.server).get('/screen?event=x').expect(200);
  });

  it('lists no event on an empty database, saying how to import one', async () => {
    const res = await request(t.server).get('/?lang=en').expect(200);
    expect(res.text).toContain('data-testid="no-event"');
  });
});
