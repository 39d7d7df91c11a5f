// When one hub's frames may leave, with no I/O: a task's board frames at least `coalesceMs` apart
// (leading edge), built frames waiting up to `batchMs` for the entries that usually follow them,
// and which streams were quiet long enough for a heartbeat. Time comes from an injected clock and
// timer, so tests drive every decision with fake timers.

export interface FrameTiming {
  /** Minimum time between two leaderboard frames of one task (latest board wins). */
  coalesceMs: number;
  /**
   * Longest time built frames wait for the entries that usually follow them (see
   * `EXPECTS_FOLLOWER`) so that they travel in one message. 0 = every drain sends at once.
   */
  batchMs: number;
}

/** Milliseconds on a clock that does not jump with the server's `Clock` (tests move that one). */
export interface SchedulerClock {
  now(): number;
}

export interface SchedulerTimer {
  /** Runs `run` once after `ms`; the returned function cancels it. */
  set(ms: number, run: () => void): () => void;
}

export const systemClock: SchedulerClock = { now: () => Date.now() };

export const systemTimer: SchedulerTimer = {
  set(ms, run) {
    const timer = setTimeout(run, ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/**
 * Entries usually followed within milliseconds by another one for the same upload: its result
 * (scoring), then the board change it caused (refresh). Frames wait for them up to `batchMs`.
 */
export const EXPECTS_FOLLOWER: ReadonlySet<string> = new Set(['submission.received', 'submission.scored']);

/** What a drain does once the queue is staged. */
export type DrainStep =
  /** Send the outbox now. */
  | { kind: 'send' }
  /** Keep the outbox and wait (a new commit ends the wait early), then drain again. */
  | { kind: 'hold'; ms: number }
  /** Send the outbox now and drain again when the waiting board's slot opens. */
  | { kind: 'send-then-retry'; ms: number }
  /** Nothing to send; drain again when the waiting board's slot opens. */
  | { kind: 'retry'; ms: number }
  | { kind: 'idle' };

export class FrameScheduler {
  private readonly lastBoardAt = new Map<string, number>();
  /** When the outbox's first frame was built (null: empty). */
  private outboxSince: number | null = null;
  private lastStagedType: string | null = null;
  private readonly lastEmitAt = new Map<string, number>();
  private cancelRetry: (() => void) | null = null;
  private retry: Promise<void> | null = null;
  private interrupt: (() => void) | null = null;
  /** Shortest time between two board frames of one task (null: fewer than two). */
  minBoardGapMs: number | null = null;

  constructor(
    private readonly timing: FrameTiming,
    private readonly clock: SchedulerClock = systemClock,
    private readonly timer: SchedulerTimer = systemTimer,
  ) {}

  /** How long a board frame of `task` must wait for its slot, or null when it may go now. */
  boardWait(task: string): number | null {
    const wait = (this.lastBoardAt.get(task) ?? -Infinity) + this.timing.coalesceMs - this.clock.now();
    return wait > 0 ? wait : null;
  }

  /** The task's slot is taken now (a board frame left, or, during a freeze, a marker was handled). */
  boardTaken(task: string): void {
    const at = this.clock.now();
    const previous = this.lastBoardAt.get(task);
    if (previous !== undefined) this.minBoardGapMs = Math.min(this.minBoardGapMs ?? Infinity, at - previous);
    this.lastBoardAt.set(task, at);
  }

  /** A frame entered the outbox: the batching window starts with the first one. */
  frameBuilt(): void {
    this.outboxSince ??= this.clock.now();
  }

  /** An entry was taken from the queue (whether or not it built frames). */
  entryStaged(type: string): void {
    this.lastStagedType = type;
  }

  /** The outbox left for these streams. */
  sent(streams: Iterable<string>): void {
    this.outboxSince = null;
    const at = this.clock.now();
    for (const stream of streams) this.lastEmitAt.set(stream, at);
  }

  /** Whether a stream carried nothing for `quietMs` (a heartbeat is then due). */
  quiet(stream: string, quietMs: number): boolean {
    return this.clock.now() - (this.lastEmitAt.get(stream) ?? -Infinity) >= quietMs;
  }

  /**
   * The step after staging. `boardWaitMs`: a board waits for its slot and holds the rest of the
   * queue. `frozen`: some task is frozen for the public, so nothing waits for followers (when the
   * public's `received` frame leaves must not depend on how the hidden scoring ended).
   */
  next(state: { pending: boolean; boardWaitMs: number | null; frozen: boolean }): DrainStep {
    const { pending, boardWaitMs, frozen } = state;
    if (!pending || this.outboxSince === null) return boardWaitMs === null ? { kind: 'idle' } : { kind: 'retry', ms: boardWaitMs };
    const windowLeft = this.outboxSince + (frozen ? 0 : this.timing.batchMs) - this.clock.now();
    if (boardWaitMs !== null) {
      // What precedes a waiting board waits with it only if the slot opens within the window.
      return boardWaitMs <= windowLeft ? { kind: 'hold', ms: boardWaitMs } : { kind: 'send-then-retry', ms: boardWaitMs };
    }
    if (windowLeft > 0 && this.lastStagedType !== null && EXPECTS_FOLLOWER.has(this.lastStagedType)) return { kind: 'hold', ms: windowLeft };
    return { kind: 'send' };
  }

  /** Waits `ms`; `wakeUp()` (a new commit) ends the wait early. */
  hold(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const cancel = this.timer.set(ms, () => {
        this.interrupt = null;
        resolve();
      });
      this.interrupt = () => {
        this.interrupt = null;
        cancel();
        resolve();
      };
    });
  }

  /** Ends a `hold` in progress, if any. */
  wakeUp(): void {
    this.interrupt?.();
  }

  /** Runs `drain` after `ms`, unless a retry is already pending. */
  retryAfter(ms: number, drain: () => void): void {
    if (this.cancelRetry) return;
    this.retry = new Promise<void>((resolve) => {
      const cancel = this.timer.set(ms, () => {
        this.cancelRetry = null;
        this.retry = null;
        drain();
        resolve();
      });
      this.cancelRetry = () => {
        cancel();
        this.retry = null;
        resolve();
      };
    });
  }

  /** Waits for the pending retry to run (true), or answers false at once when none is pending. */
  async retried(): Promise<boolean> {
    if (!this.retry) return false;
    await this.retry;
    return true;
  }

  close(): void {
    this.cancelRetry?.();
    this.cancelRetry = null;
    this.wakeUp();
  }
}
