// Scoring jobs through Redis (BullMQ), so `podium worker` processes on other machines share the
// load. A job carries only the submission id: the database row is the truth, and the job id is
// derived from it so enqueuing the same submission twice (a retry, the start-up recovery) while
// it waits is ignored. Teams take turns: a job's priority is its place in its team's backlog, so
// every team's first waiting job is taken before any team's second (BullMQ: lower runs first).
import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { ProcessJob, ScoringQueue, ScoringQueueHealth } from './scoring-queue.js';

export const SCORING_QUEUE_NAME = 'podium-scoring';

interface ScoringJobData {
  submissionId: number;
}

const logger = new Logger('ScoringQueue');

/**
 * An emitter's 'error' without a listener kills the process: a Redis restart must only be logged
 * (ioredis reconnects, BullMQ resumes), at most once per kind of failure until it recovers.
 */
function logErrors(emitter: { on(event: 'error', listener: (error: Error) => void): unknown }, what: string): void {
  let last = '';
  emitter.on('error', (error: Error) => {
    if (error.message === last) return;
    last = error.message;
    logger.warn(`${what}: ${error.message}`);
  });
}

// BullMQ needs blocking commands to wait forever rather than fail after a retry count.
function connect(redisUrl: string, what: string): Redis {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  logErrors(redis, `${what} Redis connection`);
  redis.on('ready', () => logger.log(`${what} Redis connection ready`));
  return redis;
}

export class BullmqScoringQueue implements ScoringQueue {
  private readonly connection: Redis;
  private readonly queue: Queue<ScoringJobData>;

  /** `prefix`: BullMQ's key prefix (default `bull`); tests use their own. */
  constructor(redisUrl: string, prefix?: string) {
    this.connection = connect(redisUrl, 'queue');
    this.queue = new Queue<ScoringJobData>(SCORING_QUEUE_NAME, { connection: this.connection, ...(prefix ? { prefix } : {}) });
    logErrors(this.queue, 'scoring queue');
  }

  /**
   * Never throws: the submission row is already durable, and a job that could not reach Redis
   * is added later by `resubmit` (the API's sweep of rows left queued), so an upload is still
   * acknowledged while Redis is down.
   */
  async enqueue(submissionId: number, _team: number, teamBacklog = 0): Promise<void> {
    // BullMQ waits for Redis to come back; an upload must not wait with it.
    try {
      await withTimeout(this.add(submissionId, teamBacklog), ENQUEUE_TIMEOUT_MS);
    } catch (error) {
      this.warnUnreachable(error);
    }
  }

  /**
   * Makes sure each submission has a live job: adds missing ones (never reached Redis) and
   * retries failed ones (gave up while the database was down). Waiting and active jobs stay as they are.
   */
  async resubmit(submissionIds: number[]): Promise<number> {
    let resubmitted = 0;
    for (const id of submissionIds) {
      const job = await this.queue.getJob(jobIdOf(id));
      if (!job) {
        await this.add(id, 0);
        resubmitted++;
      } else if ((await job.getState()) === 'failed') {
        await job.retry();
        resubmitted++;
      }
    }
    return resubmitted;
  }

  private lastWarning = 0;

  private warnUnreachable(error: unknown): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    logger.warn(`scoring queue unreachable (${error instanceof Error ? error.message : String(error)}): acknowledged submissions are queued when it is back`);
  }

  private async add(submissionId: number, teamBacklog: number): Promise<void> {
    await this.queue.add(
      'score',
      { submissionId },
      // A job that throws (database unreachable) is retried; a scoring verdict never throws.
      {
        jobId: jobIdOf(submissionId),
        priority: scoringPriority(teamBacklog),
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: 1000,
      },
    );
  }

  async health(): Promise<ScoringQueueHealth> {
    if (this.connection.status !== 'ready') return { redis: 'down', depth: null };
    try {
      const counts = await withTimeout(this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed'), 1000);
      return {
        redis: 'up',
        depth: { waiting: (counts['waiting'] ?? 0) + (counts['prioritized'] ?? 0) + (counts['delayed'] ?? 0), active: counts['active'] ?? 0, failed: counts['failed'] ?? 0 },
      };
    } catch {
      return { redis: 'down', depth: null };
    }
  }

  /** Jobs waiting in Redis are other processes' business: this process has nothing in flight. */
  async idle(): Promise<void> {}

  async close(): Promise<void> {
    await this.queue.close();
    await this.connection.quit().catch(() => undefined);
  }
}

/** Longest an upload waits for its enqueue before it is acknowledged without it (the sweep adds the job). */
const ENQUEUE_TIMEOUT_MS = 2000;

/** `promise`, or a rejection after `ms` (the promise itself goes on). */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

const jobIdOf = (submissionId: number) => `submission-${submissionId}`;

/** BullMQ priority of a job with `teamBacklog` of its team's jobs before it: 1 for a team's first (BullMQ's range ends at 2^21 - 1). */
export function scoringPriority(teamBacklog: number): number {
  return Math.min(2 ** 21 - 1, 1 + Math.max(0, Math.floor(teamBacklog)));
}

/** The consuming side, run by `podium worker` (and by the API itself unless told not to). */
export class BullmqScoringWorker {
  private readonly connection: Redis;
  private readonly worker: Worker<ScoringJobData>;

  constructor(redisUrl: string, processJob: ProcessJob, concurrency: number, prefix?: string) {
    this.connection = connect(redisUrl, 'worker');
    this.worker = new Worker<ScoringJobData>(SCORING_QUEUE_NAME, async (job) => processJob(job.data.submissionId), {
      connection: this.connection,
      concurrency,
      ...(prefix ? { prefix } : {}),
    });
    logErrors(this.worker, 'scoring worker');
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.connection.quit().catch(() => undefined);
  }
}
