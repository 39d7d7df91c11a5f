import { describe, expect, it } from 'vitest';
import { batchFrames, isFeedFrame } from './live-protocol.js';
import { rankHistoryPath } from './rank-history.js';

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
