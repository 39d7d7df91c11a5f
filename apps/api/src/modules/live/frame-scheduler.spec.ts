// The hub's timing decisions on fake timers: coalescing slots, the batching window, a wake-up
// ending a hold, retries, heartbeat quietness. No socket, no database, no real time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameScheduler, systemClock, systemTimer } from './frame-scheduler.js';

const TIMING = { coalesceMs: 250, batchMs: 150 };

describe('FrameScheduler', () => {
  let scheduler: FrameScheduler;
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    // The real clock and timer, driven by vitest's fake ones.
    scheduler = new FrameScheduler(TIMING, systemClock, systemTimer);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('coalescing', () => {
    it("lets a quiet task's first board go at once (leading edge), then spaces the next by coalesceMs", () => {
      expect(scheduler.boardWait('lung')).toBeNull();
      scheduler.boardTaken('lung');
      expect(scheduler.boardWait('lung')).toBe(250);
      vi.advanceTimersByTime(100);
      expect(scheduler.boardWait('lung')).toBe(150);
      // Another task has its own slot.
      expect(scheduler.boardWait('ms')).toBeNull();
      vi.advanceTimersByTime(150);
      expect(scheduler.boardWait('lung')).toBeNull();
    });

    it('records the shortest gap between two boards of one task', () => {
      expect(scheduler.minBoardGapMs).toBeNull();
      scheduler.boardTaken('lung');
      vi.advanceTimersByTime(400);
      scheduler.boardTaken('lung');
      vi.advanceTimersByTime(260);
      scheduler.boardTaken('lung');
      expect(scheduler.minBoardGapMs).toBe(260);
    });
  });

  describe('after staging', () => {
    it('is idle with nothing to send, and retries when a board waits for its slot', () => {
      expect(scheduler.next({ pending: false, boardWaitMs: null, frozen: false })).toEqual({ kind: 'idle' });
      expect(scheduler.next({ pending: false, boardWaitMs: 80, frozen: false })).toEqual({ kind: 'retry', ms: 80 });
    });

    it('holds a `received` frame for its followers for what is left of the batching window', () => {
      scheduler.frameBuilt();
      scheduler.entryStaged('submission.received');
      expect(scheduler.next({ pending: true, boardWaitMs: null, frozen: false })).toEqual({ kind: 'hold', ms: 150 });
      vi.advanceTimersByTime(100);
      // The window started with the first frame built, not with this decision.
      scheduler.entryStaged('submission.scored');
      expect(scheduler.next({ pending: true, boardWaitMs: null, frozen: false })).toEqual({ kind: 'hold', ms: 50 });
      vi.advanceTimersByTime(50);
      expect(scheduler.next({ pending: true, boardWaitMs: null, frozen: false })).toEqual({ kind: 'send' });
    });

    it('sends at once what expects no follower (an announcement, a board, a clock change)', () => {
      for (const type of ['announcement', 'leaderboard', 'clock']) {
        scheduler.frameBuilt();
        scheduler.entryStaged(type);
        expect(scheduler.next({ pending: true, boardWaitMs: null, frozen: false })).toEqual({ kind: 'send' });
        scheduler.sent(['public']);
      }
    });

    it('never holds while a task is frozen for the public', () => {
      scheduler.frameBuilt();
      scheduler.entryStaged('submission.received');
      expect(scheduler.next({ pending: true, boardWaitMs: null, frozen: true })).toEqual({ kind: 'send' });
    });

    it('holds what precedes a waiting board only if its slot opens within the window', () => {
      scheduler.frameBuilt();
      scheduler.entryStaged('submission.scored');
      expect(scheduler.next({ pending: true, boardWaitMs: 100, frozen: false })).toEqual({ kind: 'hold', ms: 100 });
      expect(scheduler.next({ pending: true, boardWaitMs: 200, frozen: false })).toEqual({ kind: 'send-then-retry', ms: 200 });
      expect(scheduler.next({ pending: true, boardWaitMs: 10, frozen: true })).toEqual({ kind: 'send-then-retry', ms: 10 });
    });

    it('starts a new window once the outbox was sent', () => {
      scheduler.frameBuilt();
      vi.advanceTimersByTime(1000);
      scheduler.sent(['public']);
      scheduler.frameBuilt();
      scheduler.entryStaged('submission.received');
      expect(scheduler.next({ pending: true, boardWaitMs: null, frozen: false })).toEqual({ kind: 'hold', ms: 150 });
    });
  });

  describe('timers', () => {
    it('ends a hold after its time, or at once on a wake-up', async () => {
      let done = false;
      void scheduler.hold(150).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(149);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(done).toBe(true);

      done = false;
      void scheduler.hold(150).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(10);
      scheduler.wakeUp();
      await vi.advanceTimersByTimeAsync(0);
      expect(done).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('keeps one retry pending at a time and lets a caller wait for it', async () => {
      const drains: number[] = [];
      scheduler.retryAfter(100, () => drains.push(Date.now()));
      scheduler.retryAfter(10, () => drains.push(-1));
      expect(vi.getTimerCount()).toBe(1);
      const waited = scheduler.retried();
      await vi.advanceTimersByTimeAsync(100);
      expect(await waited).toBe(true);
      expect(drains).toEqual([1_000_100]);
      expect(await scheduler.retried()).toBe(false);
    });

    it('cancels the pending retry and ends a hold when closed', async () => {
      const drains: number[] = [];
      scheduler.retryAfter(100, () => drains.push(1));
      let held = false;
      void scheduler.hold(1000).then(() => (held = true));
      scheduler.close();
      await vi.advanceTimersByTimeAsync(2000);
      expect(drains).toEqual([]);
      expect(held).toBe(true);
    });
  });

  it('calls a stream quiet once it carried nothing for quietMs', () => {
    expect(scheduler.quiet('public', 7500)).toBe(true);
    scheduler.sent(['public', 'team:a']);
    vi.advanceTimersByTime(7499);
    expect(scheduler.quiet('public', 7500)).toBe(false);
    expect(scheduler.quiet('jury', 7500)).toBe(true);
    vi.advanceTimersByTime(1);
    expect(scheduler.quiet('team:a', 7500)).toBe(true);
  });
});
