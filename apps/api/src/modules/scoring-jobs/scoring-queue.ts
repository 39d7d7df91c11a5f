// Where acknowledged submissions wait to be scored. Without REDIS_URL: an in-process queue that
// feeds the worker-thread pool. With REDIS_URL: a BullMQ queue that `podium worker` processes
// (bullmq-scoring-queue.ts). Either way the database row is the truth: a lost job is found again
// by the start-up recovery, and a duplicate job is a no-op.
export interface ScoringQueue {
  enqueue(submissionId: number): Promise<void>;
  /** Resolves when nothing is waiting or running in this process (tests, benchmarks, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export const SCORING_QUEUE = Symbol('SCORING_QUEUE');

export type ProcessJob = (submissionId: number) => Promise<unknown>;

/**
 * FIFO with bounded concurrency. More jobs than pool workers run at once so that database work
 * (loading the file, writing the result) overlaps the CPU work of other jobs.
 */
export class InProcessScoringQueue implements ScoringQueue {
  private readonly waiting: number[] = [];
  private readonly known = new Set<number>();
  private active = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly processJob: ProcessJob,
    private readonly concurrency: number,
    private readonly onError: (submissionId: number, error: unknown) => void,
  ) {}

  enqueue(submissionId: number): Promise<void> {
    if (!this.closed && !this.known.has(submissionId)) {
      this.known.add(submissionId);
      this.waiting.push(submissionId);
      this.pump();
    }
    return Promise.resolve();
  }

  idle(): Promise<void> {
    if (this.active === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    await this.idle();
  }

  private pump(): void {
    while (this.active < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      this.active++;
      this.processJob(id)
        .catch((error: unknown) => this.onError(id, error))
        .finally(() => {
          this.active--;
          this.known.delete(id);
          this.pump();
          if (this.active === 0 && this.waiting.length === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
        });
    }
  }
}
