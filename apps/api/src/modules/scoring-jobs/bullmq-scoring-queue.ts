// Scoring jobs through Redis (BullMQ), so `podium worker` processes on other machines share the
// load. A job carries only the submission id: the database row is the truth, and the job id is
// derived from it so enqueuing the same submission twice (a retry, the start-up recovery) while
// it waits is ignored. Teams take turns: a job's priority is its place in its team's backlog, so
// every team's first waiting job is taken before any team's second (BullMQ: lower runs first).
import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { ProcessJob, ScoringQueue } from './scoring-queue.js';

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

  async enqueue(submissionId: number, _team: number, teamBacklog = 0): Promise<void> {
    await this.queue.add(
      'score',
      { submissionId },
      // A job that throws (database unreachable) is retried; a scoring verdict never throws.
      {
        jobId: `submission-${submissionId}`,
        priority: scoringPriority(teamBacklog),
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: 1000,
      },
    );
  }

  /** Jobs waiting in Redis are other processes' business: this process has nothing in flight. */
  async idle(): Promise<void> {}

  async close(): Promise<void> {
    await this.queue.close();
    await this.connection.quit().catch(() => undefined);
  }
}

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
