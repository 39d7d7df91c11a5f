// Every answer carries the security headers (CSP with frame-ancestors, nosniff, no framing, no
// referrer) - API, errors, docs and pages alike - and the live feed accepts only allowed browser
// origins: its own, PODIUM_ALLOWED_ORIGINS (default PODIUM_PUBLIC_URL); no Origin (CLI) is fine.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { io } from 'socket.io-client';
import { LIVE_NAMESPACE } from '@podium/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('security headers', () => {
  let t: TestApp;
  let url: string;
  // A stand-in for the built screen: the headers are the server's, whatever it serves.
  const webDir = mkdtempSync(join(tmpdir(), 'podium-web-'));
  const previousWebDir = process.env['PODIUM_WEB_DIR'];
  beforeAll(async () => {
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>screen</title><script type="module" src="/screen/assets/app.js"></script>');
    writeFileSync(join(webDir, 'assets', 'app.js'), 'console.log(1);');
    process.env['PODIUM_WEB_DIR'] = webDir;
    t = await createTestApp({ env: { PODIUM_PUBLIC_URL: 'https://podium.example.org' } });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    url = url.replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await t.close();
    if (previousWebDir === undefined) delete process.env['PODIUM_WEB_DIR'];
    else process.env['PODIUM_WEB_DIR'] = previousWebDir;
    rmSync(webDir, { recursive: true, force: true });
  });

  it.each(['/api/health', '/api/events', '/api/events/nope', '/api/nope', '/api/docs', '/api/docs-json', '/api/live/health', '/', '/team', '/jury', '/screen', '/screen/assets/app.js'])(
    '%s has CSP with frame-ancestors, nosniff, X-Frame-Options and Referrer-Policy',
    async (path) => {
      const res = await request(t.server).get(path);
      expect(res.status).toBeLessThan(500);
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/default-src '(self|none)'/);
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    },
  );

  it('documents the 429 of failed token checks and the 400 of bad path parameters in OpenAPI', async () => {
    const doc = (await request(t.server).get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>> };
    const me = doc.paths['/api/teams/me']!['get']!.responses;
    expect(me['429']!.description).toContain('too-many-failed-attempts');
    expect(doc.paths['/api/admin/events']!['post']!.responses['429']!.description).toContain('too-many-failed-attempts');
    expect(doc.paths['/api/events/{event}/tasks/{task}/submissions']!['post']!.responses['429']!.description).toMatch(/QuotaExceededProblem[\s\S]*too-many-failed-attempts/);
    expect(doc.paths['/api/submissions/{id}']!['get']!.responses['400']!.description).toContain('invalid-path-parameter');
  });

  const connect = (origin: string | undefined) =>
    new Promise<'connected' | string>((resolve) => {
      const socket = io(`${url}${LIVE_NAMESPACE}`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        ...(origin ? { extraHeaders: { Origin: origin } } : {}),
      });
      socket.on('connect', () => (socket.close(), resolve('connected')));
      socket.on('connect_error', (error) => (socket.close(), resolve(error.message)));
    });

  it('/live accepts its own origin, PODIUM_PUBLIC_URL and no Origin, and refuses another site', async () => {
    expect(await connect(undefined)).toBe('connected');
    expect(await connect(url)).toBe('connected');
    expect(await connect('https://podium.example.org')).toBe('connected');
    expect(await connect('https://evil.example')).not.toBe('connected');
    expect(await connect('null')).not.toBe('connected');
  });

  it('/live refuses a cross-site polling handshake too', async () => {
    const res = await request(t.server).get(`/socket.io/?EIO=4&transport=polling`).set('Origin', 'https://evil.example');
    expect(res.status).toBe(403);
    const ok = await request(t.server).get(`/socket.io/?EIO=4&transport=polling`).set('Origin', 'https://podium.example.org');
    expect(ok.status).toBe(200);
  });
});
