import { describe, expect, it } from 'vitest';
import { batchFrames, isFeedFrame, parseSubscribeRequest } from './live-protocol.js';
import { rankHistoryPath } from './rank-history.js';

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
});

describe('isFeedFrame', () => {
  it('tells a frame from garbage', () => {
    const frame = { seq: 3, prev: 2, type: 'clock', at: '2019-10-12T12:00:00Z', event: 'e', data: {} };
    expect(isFeedFrame(frame)).toBe(true);
    expect(isFeedFrame({ ...frame, prev: undefined })).toBe(false);
    expect(isFeedFrame({ ...frame, data: null })).toBe(false);
    expect(isFeedFrame('x')).toBe(false);
  });
});

describe('batchFrames', () => {
  it('returns the frames of a batch and null for anything else', () => {
    const frame = { seq: 3, prev: 2, type: 'clock', at: '2019-10-12T12:00:00Z', event: 'e', data: {} };
    expect(batchFrames({ frames: [frame] })).toEqual([frame]);
    expect(batchFrames({ frames: 'x' })).toBeNull();
    expect(batchFrames([frame])).toBeNull();
    expect(batchFrames(null)).toBeNull();
  });
});

describe('rankHistoryPath', () => {
  it('encodes slugs and the optional top', () => {
    expect(rankHistoryPath('jfr', 'lung', 5)).toBe('/api/events/jfr/tasks/lung/history?top=5');
    expect(rankHistoryPath('a b', 'c')).toBe('/api/events/a%20b/tasks/c/history');
  });
});
