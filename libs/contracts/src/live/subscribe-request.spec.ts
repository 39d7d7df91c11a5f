import { describe, expect, it } from 'vitest';
import { parseSubscribeRequest } from './subscribe-request.js';

describe('parseSubscribeRequest', () => {
  it('accepts a minimal and a full request', () => {
    expect(parseSubscribeRequest({ event: 'jfr-2019' })).toEqual({ ok: true, value: { event: 'jfr-2019' } });
    expect(parseSubscribeRequest({ event: 'jfr-2019', since: 42, token: 't' })).toEqual({
      ok: true,
      value: { event: 'jfr-2019', since: 42, token: 't' },
    });
  });

  it('reports every bad field with its path instead of throwing', () => {
    const result = parseSubscribeRequest({ event: 'Bad Slug', since: -1, token: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual(['event', 'since', 'token']);
    expect(result.problems[1].found).toBe('-1');
  });

  it('refuses non-objects and fractional seqs', () => {
    expect(parseSubscribeRequest('jfr').ok).toBe(false);
    expect(parseSubscribeRequest(null).ok).toBe(false);
    expect(parseSubscribeRequest({ event: 'a', since: 1.5 }).ok).toBe(false);
  });
  it('reports each bad field once, in field order, whatever else is wrong with it', () => {
    const result = parseSubscribeRequest({ since: -1.5, token: 7, extra: true });
    expect(result).toEqual({
      ok: false,
      problems: [
        { code: 'subscribe.event', message: expect.any(String), path: 'event', found: 'undefined' },
        { code: 'subscribe.since', message: expect.any(String), path: 'since', found: '-1.5' },
        { code: 'subscribe.token', message: expect.any(String), path: 'token' },
      ],
    });
  });

  it('drops unknown fields and names the type of a non-object', () => {
    expect(parseSubscribeRequest({ event: 'e', other: 1 })).toEqual({ ok: true, value: { event: 'e' } });
    expect(parseSubscribeRequest([1])).toEqual({ ok: false, problems: [expect.objectContaining({ code: 'subscribe.not_object', found: 'object' })] });
  });
});
