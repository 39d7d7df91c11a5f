import { describe, expect, it } from 'vitest';
import { apiCall, problemFromText, retryAfterSeconds, withQuery, type Fetch } from './api-call.js';

interface Seen {
  url: string;
  init: RequestInit | undefined;
}

function answering(response: () => Response, seen: Seen[] = []): Fetch {
  return async (url, init) => {
    seen.push({ url, init });
    return response();
  };
}

describe('apiCall', () => {
  it('sends JSON with the CSRF header on a state-changing request and decodes the answer', async () => {
    const seen: Seen[] = [];
    const outcome = await apiCall<{ done: boolean }>(answering(() => Response.json({ done: true }, { status: 201 }), seen), '/api/x', {
      method: 'POST',
      body: { reason: 'typo' },
      csrfToken: 'c1',
    });
    expect(outcome).toEqual({ ok: true, status: 201, value: { done: true } });
    const headers = seen[0]!.init!.headers as Record<string, string>;
    expect(headers['x-csrf-token']).toBe('c1');
    expect(headers['content-type']).toBe('application/json');
    expect(seen[0]!.init!.body).toBe('{"reason":"typo"}');
    expect(seen[0]!.init!.credentials).toBe('same-origin');
  });

  it('never sends the CSRF header on a read', async () => {
    const seen: Seen[] = [];
    await apiCall(answering(() => Response.json([]), seen), '/api/x', { csrfToken: 'c1' });
    expect((seen[0]!.init!.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
  });

  it('answers a 204 with no value', async () => {
    const outcome = await apiCall(answering(() => new Response(null, { status: 204 })), '/api/x', { method: 'DELETE' });
    expect(outcome).toEqual({ ok: true, status: 204, value: undefined });
  });

  it('decodes a problem+json error and its Retry-After', async () => {
    const problem = { type: '/problems/too-many-sign-ins', title: 'Too many failed sign-ins', status: 429, detail: 'Wait 120 s.' };
    const outcome = await apiCall(
      answering(() => new Response(JSON.stringify(problem), { status: 429, headers: { 'content-type': 'application/problem+json', 'retry-after': '120' } })),
      '/api/jury/session',
      { method: 'POST', body: {} },
    );
    expect(outcome).toEqual({ ok: false, status: 429, problem, retryAfterSeconds: 120, reason: 'Wait 120 s.' });
  });

  it('keeps a non-problem error body out of `problem` and names the request', async () => {
    const outcome = await apiCall(answering(() => new Response('<html>bad gateway</html>', { status: 502 })), '/api/x');
    expect(outcome).toMatchObject({ ok: false, status: 502, problem: null, reason: 'GET /api/x answered 502' });
  });

  it('turns a network failure into data with a null status', async () => {
    const outcome = await apiCall(async () => {
      throw new TypeError('Failed to fetch');
    }, '/api/x');
    expect(outcome).toMatchObject({ ok: false, status: null, reason: 'GET /api/x: Failed to fetch' });
  });
});

describe('withQuery', () => {
  it('leaves out empty filters and encodes values', () => {
    expect(withQuery('/api/s', { task: 'lung', team: '', q: null, x: undefined, note: 'a&b' })).toBe('/api/s?task=lung&note=a%26b');
    expect(withQuery('/api/s', {})).toBe('/api/s');
  });
});

describe('retryAfterSeconds', () => {
  it('reads delta seconds and HTTP dates', () => {
    expect(retryAfterSeconds('30')).toBe(30);
    expect(retryAfterSeconds(new Date(10_000 + 90_000).toUTCString(), 10_000)).toBe(90);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds('soon')).toBeNull();
  });
});

describe('problemFromText', () => {
  it('accepts problem-shaped JSON only, with the answer status when the body has none', () => {
    const body = { type: '/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'The team token is unknown.' };
    expect(problemFromText(JSON.stringify(body))?.detail).toBe('The team token is unknown.');
    expect(problemFromText('{"title":"Too large"}', 413)?.status).toBe(413);
    expect(problemFromText('{"message":"x"}')).toBeNull();
    expect(problemFromText('<html>Bad gateway</html>')).toBeNull();
    expect(problemFromText('')).toBeNull();
  });
});

describe('apiCall with a bearer token', () => {
  it('sends it in Authorization and no CSRF header', async () => {
    let seen: RequestInit | undefined;
    await apiCall(async (_path, init) => {
      seen = init;
      return Response.json({});
    }, '/api/teams/me', { bearer: 'tok' });
    const headers = seen?.headers as Record<string, string>;
    expect(headers['authorization']).toBe('Bearer tok');
    expect(headers['x-csrf-token']).toBeUndefined();
  });
});
