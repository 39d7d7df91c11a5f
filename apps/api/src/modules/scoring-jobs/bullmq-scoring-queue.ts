// Scoring jobs through Redis (BullMQ), so `podium worker` processes on other machines share the
// load. A job carries only the submission id: the database row is the truth, and the job id is
// derived from it so enqueuing the same submission twice (a retry, the start-up recovery) while
// it waits is ignored. Teams take turns: a job's priority is its place in its team's backlog, so
// every team's first waiting job is taken before any team's second (BullMQ: lower runs first).
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { ProcessJob, ScoringQueue } from './scoring-queue.js';

export const SCORING_QUEUE_NAME = 'podium-scoring';

interface ScoringJobData {
  submissionId: number;
}

// BullMQ needs blocking commands to wait forever rather than fail after a retry count.
const connect = (redisUrl: string) => new Redis(redisUrl, { maxRetriesPerRequest: null });

export class BullmqScoringQueue implements ScoringQueue {
  private readonly connection: Redis;
  private readonly queue: Queue<ScoringJobData>;

  /** `prefix`: BullMQ's key prefix (default `bull`); tests use their own. */
  constructor(redisUrl: string, prefix?: string) {
    this.connection = connect(redisUrl);
    this.queue = new Queue<ScoringJobData>(SCORING_QUEUE_NAME, { connection: this.connection, ...(prefix ? { prefix } : {}) });
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
    this.connection = connect(redisUrl);
    this.worker = new Worker<ScoringJobData>(SCORING_QUEUE_NAME, async (job) => processJob(job.data.submissionId), {
      connection: this.connection,
      concurrency,
      ...(prefix ? { prefix } : {}),
    });
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.connection.quit().catch(() => undefined);
  }
}
