import { describe, expect, it } from 'vitest';
import { newIdempotencyKey, uploadWithProgress, type XhrLike } from './upload.js';

/** A scripted XMLHttpRequest: records what was sent, then plays the answer it is given. */
class FakeXhr {
  opened: [string, string] | null = null;
  headers: Record<string, string> = {};
  sent: unknown = null;
  status = 0;
  responseText = '';
  responseHeaders: Record<string, string> = {};
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  open(method: string, url: string) {
    this.opened = [method, url];
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader(name: string) {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }
  send(body: unknown) {
    this.sent = body;
  }
  abort() {
    this.onabort?.();
  }
  answer(status: number, body: string, headers: Record<string, string> = {}) {
    this.status = status;
    this.responseText = body;
    this.responseHeaders = headers;
    this.onload?.();
  }
}

function start(fake: FakeXhr, progress: unknown[] = []) {
  return uploadWithProgress<{ id: string }>(
    { url: '/api/events/e/tasks/t/submissions', body: new Blob(['a,b\n']), token: 'tok', headers: { 'Idempotency-Key': 'k1' }, onProgress: (p) => progress.push(p) },
    () => fake as unknown as XhrLike,
  );
}

describe('uploadWithProgress', () => {
  it('posts with the token and key, reports progress and returns the 202 body', async () => {
    const fake = new FakeXhr();
    const progress: unknown[] = [];
    const pending = start(fake, progress);
    expect(fake.opened).toEqual(['POST', '/api/events/e/tasks/t/submissions']);
    expect(fake.headers).toMatchObject({ authorization: 'Bearer tok', 'Idempotency-Key': 'k1' });
    fake.upload.onprogress?.({ loaded: 2, total: 4, lengthComputable: true });
    fake.upload.onprogress?.({ loaded: 4, total: 0, lengthComputable: false });
    fake.answer(202, '{"id":"s1"}');
    expect(await pending).toMatchObject({ ok: true, status: 202, value: { id: 's1' } });
    expect(progress).toEqual([
      { loaded: 2, total: 4 },
      { loaded: 4, total: null },
    ]);
  });

  it('decodes a 429 problem and exposes its headers', async () => {
    const fake = new FakeXhr();
    const pending = start(fake);
    fake.answer(429, JSON.stringify({ type: '/problems/quota-exceeded', title: 'Quota', status: 429, detail: 'x', nextSlotAt: '2026-12-06T14:32:00Z' }), { 'retry-after': '60' });
    const result = await pending;
    if (result.ok || result.kind !== 'http') throw new Error('expected an http failure');
    expect(result.status).toBe(429);
    expect((result.problem as unknown as { nextSlotAt: string }).nextSlotAt).toBe('2026-12-06T14:32:00Z');
    expect(result.header('Retry-After')).toBe('60');
  });

  it('reports a dropped connection as a network failure (retry with the same key)', async () => {
    const fake = new FakeXhr();
    const pending = start(fake);
    fake.onerror?.();
    expect(await pending).toEqual({ ok: false, kind: 'network', aborted: false });
  });

  it('makes distinct idempotency keys', () => {
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
    expect(newIdempotencyKey(() => 'abc')).toBe('podium-abc');
  });
});
