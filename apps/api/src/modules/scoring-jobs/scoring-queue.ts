// Where acknowledged submissions wait to be scored. Without REDIS_URL: an in-process queue that
// feeds the worker-thread pool. With REDIS_URL: a BullMQ queue that `podium worker` processes
// (bullmq-scoring-queue.ts). Either way the database row is the truth: a lost job is found again
// by the start-up recovery, and a duplicate job is a no-op.
import { FairScheduler } from './fair-scheduler.js';
export interface ScoringQueue {
  /**
   * Queues a submission of `team` for scoring. `teamBacklog`: how many of that team's
   * submissions already wait before it (the Redis queue turns it into a priority, so teams take
   * turns there too; the in-process queue counts by itself).
   */
  enqueue(submissionId: number, team: number, teamBacklog?: number): Promise<void>;
  /** Resolves when nothing is waiting or running in this process (tests, benchmarks, shutdown). */
  idle(): Promise<void>;
  /** For health: whether the queue's Redis answers ('absent' in-process) and how many jobs it holds (null: unknown). */
  health(): Promise<ScoringQueueHealth>;
  close(): Promise<void>;
}

export interface ScoringQueueHealth {
  redis: 'up' | 'down' | 'absent';
  depth: { waiting: number; active: number; failed: number } | null;
}

export const SCORING_QUEUE = Symbol('SCORING_QUEUE');

export type ProcessJob = (submissionId: number) => Promise<unknown>;

/**
 * Bounded concurrency, fair between teams (FairScheduler: round-robin, a team runs at most
 * `perTeamRunning` jobs at once). More jobs than pool workers run at once so that database work
 * (loading the file, writing the result) overlaps the CPU work of other teams' jobs.
 */
export class InProcessScoringQueue implements ScoringQueue {
  private readonly scheduler: FairScheduler<number>;
  /** Submissions waiting or running, and their team. */
  private readonly known = new Map<number, string>();
  private active = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly processJob: ProcessJob,
    private readonly concurrency: number,
    private readonly onError: (submissionId: number, error: unknown) => void,
    perTeamRunning = 1,
  ) {
    this.scheduler = new FairScheduler(perTeamRunning);
  }

  enqueue(submissionId: number, team: number): Promise<void> {
    if (!this.closed && !this.known.has(submissionId)) {
      this.known.set(submissionId, String(team));
      this.scheduler.push(String(team), submissionId);
      this.pump();
    }
    return Promise.resolve();
  }

  /** The team of a submission waiting or running here (a retry re-enqueues it with its team). */
  teamOf(submissionId: number): number | undefined {
    const team = this.known.get(submissionId);
    return team === undefined ? undefined : Number(team);
  }

  idle(): Promise<void> {
    if (this.active === 0 && this.scheduler.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  health(): Promise<ScoringQueueHealth> {
    // A job that throws is retried through onError, never kept as failed.
    return Promise.resolve({ redis: 'absent', depth: { waiting: this.scheduler.size, active: this.active, failed: 0 } });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.scheduler.clear();
    await this.idle();
  }

  private pump(): void {
    while (this.active < this.concurrency) {
      const next = this.scheduler.next();
      if (!next) break;
      const { team, job: id } = next;
      this.active++;
      this.processJob(id)
        .catch((error: unknown) => this.onError(id, error))
        .finally(() => {
          this.active--;
          this.known.delete(id);
          this.scheduler.done(team);
          this.pump();
          if (this.active === 0 && this.scheduler.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
        });
    }
  }
}
