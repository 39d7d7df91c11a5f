import { type DynamicModule, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/app-config.token.js';
import { LeaderboardModule } from '../leaderboard/leaderboard.module.js';
import { LeaderboardRefresher } from '../leaderboard/leaderboard-refresher.js';
import { ANSWER_KEY_WARMUP } from '../events/answer-key-warmup.port.js';
import { AnswerKeyWarmer } from './answer-key-warmer.js';
import { BullmqScoringQueue, BullmqScoringWorker } from './bullmq-scoring-queue.js';
import { ScoringJobService } from './scoring-job.service.js';
import { ScoringPool, sharedScoringPool } from './scoring-pool.js';
import { InProcessScoringQueue, SCORING_QUEUE, type ScoringQueue } from './scoring-queue.js';
import { ScoringResultsRepository } from './scoring-results.repository.js';
import { SCORING_SETTINGS, type ScoringRole, type ScoringSettings, scoresHere, scoringSettings } from './scoring-settings.js';

const retryDelayMs = 1000;

/**
 * With Redis, an API node looks this often for rows queued longer than that without a job
 * (Redis was down at the enqueue, or the node died between its commit and its enqueue).
 */
const SWEEP_EVERY_MS = 5000;
const SWEEP_AGE_MS = 10_000;

/**
 * How often the keys of open and upcoming tasks are checked (a query; parsing only what is
 * missing): catches imports made on another node, for `podium worker` processes and other APIs.
 */
const rewarmIntervalMs = 30_000;

/**
 * Jobs in flight per process: a job spends most of its time waiting on the database (claim, read
 * the file, write the result), so several run per scoring thread; the CPU part queues in the pool.
 */
const jobConcurrency = (threads: number) => Math.max(4, threads * 4);

/** Wires the pool, the queue (in-process or BullMQ) and the consumer; resumes unfinished work on start. */
@Injectable()
class ScoringLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Scoring');
  private consumer: BullmqScoringWorker | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private rewarm: NodeJS.Timeout | undefined;

  constructor(
    @Inject(SCORING_SETTINGS) private readonly settings: ScoringSettings,
    @Inject(SCORING_QUEUE) private readonly queue: ScoringQueue,
    private readonly jobs: ScoringJobService,
    private readonly results: ScoringResultsRepository,
    private readonly refresher: LeaderboardRefresher,
    private readonly warmer: AnswerKeyWarmer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (scoresHere(this.settings)) {
      // Before this process takes jobs: the first submission after a restart finds its key parsed.
      await this.warmer.warmOpenTasks();
      this.rewarm = setInterval(() => void this.warmer.warmOpenTasks().catch((error: unknown) => this.logger.warn(`answer key warm-up failed: ${String(error)}`)), rewarmIntervalMs);
      this.rewarm.unref();
    }
    if (this.settings.redisUrl && this.settings.threads > 0) {
      this.consumer = new BullmqScoringWorker(this.settings.redisUrl, (id) => this.jobs.process(id), jobConcurrency(this.settings.threads));
    }
    if (this.settings.role !== 'api') return;
    // Anything acknowledged but not settled before a stop (or a crash) is scored now.
    const unfinished = await this.results.unfinished();
    if (unfinished.length > 0) this.logger.log(`resuming ${unfinished.length} unfinished submission(s)`);
    const backlog = new Map<number, number>();
    for (const { id, teamId } of unfinished) {
      const ahead = backlog.get(teamId) ?? 0;
      backlog.set(teamId, ahead + 1);
      await this.queue.enqueue(id, teamId, ahead);
    }
    // A crash between a settle and its leaderboard refresh leaves a stale board: refresh them all,
    // before this process serves. The first screens then see current boards, and the first upload
    // after a restart does not share the event loop with these refreshes (bench:submissions, cold
    // after a restart: 0.44 s of board building ran beside it).
    await Promise.all((await this.results.taskIds()).map((taskId) => this.refresher.request(taskId)));
    if (this.queue instanceof BullmqScoringQueue) this.sweepEvery(this.queue);
  }

  private sweepEvery(queue: BullmqScoringQueue): void {
    let running = false;
    this.sweeper = setInterval(() => {
      if (running) return;
      running = true;
      this.results
        .queuedBefore(new Date(Date.now() - SWEEP_AGE_MS))
        .then((ids) => (ids.length > 0 ? queue.resubmit(ids) : 0))
        .then((resubmitted) => {
          if (resubmitted > 0) this.logger.log(`${resubmitted} queued submission(s) had no scoring job: queued again`);
        })
        // Database or Redis down: the next sweep tries again.
        .catch(() => undefined)
        .finally(() => (running = false));
    }, SWEEP_EVERY_MS).unref();
  }

  /** Before the database closes (TypeORM closes it in onApplicationShutdown): finish what is running. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    clearInterval(this.rewarm);
    await this.consumer?.close();
    await this.queue.close();
    await this.refresher.idle();
    // The pool is per process (sharedScoringPool), not per app: it is not closed here.
  }
}

@Module({})
export class ScoringJobsModule {
  static register(role: ScoringRole): DynamicModule {
    return {
      module: ScoringJobsModule,
      // Global for ANSWER_KEY_WARMUP: the import (EventsModule) warms the keys it writes.
      global: true,
      imports: [LeaderboardModule],
      providers: [
        { provide: SCORING_SETTINGS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => scoringSettings(role, config) },
        { provide: ScoringPool, inject: [SCORING_SETTINGS], useFactory: (s: ScoringSettings) => sharedScoringPool(Math.max(1, s.threads)) },
        ScoringResultsRepository,
        ScoringJobService,
        AnswerKeyWarmer,
        { provide: ANSWER_KEY_WARMUP, useExisting: AnswerKeyWarmer },
        {
          provide: SCORING_QUEUE,
          inject: [SCORING_SETTINGS, ScoringJobService],
          useFactory: (s: ScoringSettings, jobs: ScoringJobService): ScoringQueue => {
            if (s.redisUrl) return new BullmqScoringQueue(s.redisUrl);
            const logger = new Logger('ScoringQueue');
            const queue: InProcessScoringQueue = new InProcessScoringQueue(
              (id) => jobs.process(id),
              jobConcurrency(s.threads),
              (id, error) => {
                // Usually the database was briefly unavailable: try again; the claim's attempt counter bounds the retries.
                logger.warn(`job for submission ${id} stopped: ${error instanceof Error ? error.message : String(error)}; retrying`);
                const team = queue.teamOf(id) ?? 0;
                setTimeout(() => void queue.enqueue(id, team), retryDelayMs).unref();
              },
              // A team holds at most the pool's threads: another team's job waits for one job at most.
              Math.max(1, s.threads),
            );
            return queue;
          },
        },
        ScoringLifecycle,
      ],
      exports: [SCORING_QUEUE, ScoringJobService, ScoringPool, ANSWER_KEY_WARMUP],
    };
  }
}
