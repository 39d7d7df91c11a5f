import { describe, expect, it } from 'vitest';
import { apiCall, problemFromText } from './api-call.js';

const problemBody = { type: '/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'The team token is unknown.' };

describe('apiCall', () => {
  it('sends the bearer token and JSON body, and returns the parsed answer', async () => {
    let seen: RequestInit | undefined;
    const result = await apiCall<{ a: number }>(
      async (_path, init) => {
        seen = init;
        return new Response('{"a":1}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
      '/api/x',
      { method: 'POST', token: 'tok', body: { b: 2 } },
    );
    expect(result).toMatchObject({ ok: true, status: 200, value: { a: 1 } });
    const headers = seen?.headers as Record<string, string>;
    expect(headers['authorization']).toBe('Bearer tok');
    expect(headers['content-type']).toBe('application/json');
    expect(seen?.body).toBe('{"b":2}');
  });

  it('decodes a problem+json failure with its status and headers', async () => {
    const result = await apiCall(async () => new Response(JSON.stringify(problemBody), { status: 401, headers: { 'content-type': 'application/problem+json', 'retry-after': '3' } }), '/api/teams/me');
    expect(result.ok).toBe(false);
    if (result.ok || result.failure.kind !== 'http') throw new Error('expected an http failure');
    expect(result.failure.status).toBe(401);
    expect(result.failure.problem?.detail).toBe('The team token is unknown.');
    expect(result.failure.headers.get('retry-after')).toBe('3');
  });

  it('keeps a non-JSON error page as a status without a problem', async () => {
    const result = await apiCall(async () => new Response('<html>Bad gateway</html>', { status: 502 }), '/api/teams/me');
    expect(result).toMatchObject({ ok: false, failure: { kind: 'http', status: 502, problem: null } });
  });

  it('turns a network error into data', async () => {
    const result = await apiCall(async () => {
      throw new TypeError('Failed to fetch');
    }, '/api/teams/me');
    expect(result).toEqual({ ok: false, failure: { kind: 'network', message: 'Failed to fetch' } });
  });
});

describe('problemFromText', () => {
  it('accepts problem-shaped JSON only', () => {
    expect(problemFromText(JSON.stringify(problemBody))?.type).toBe('/problems/unauthorized');
    expect(problemFromText('{"message":"x"}')).toBeNull();
    expect(problemFromText('not json')).toBeNull();
    expect(problemFromText('')).toBeNull();
  });
});
