// One scoring job, start to finish: claim the submission, score its file in the worker pool,
// settle it (status, scores, per-case values, feed event) in one transaction, then refresh the
// task's leaderboard. Safe to run twice for the same submission (see ScoringResultsRepository).
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { TaskScoringSpec } from '@podium/scoring';
import type { TaskEntity } from '../events/task.entity.js';
import { DataSource } from 'typeorm';
import type { StatementPlanner } from '../../database/data-source.factory.js';
import { BlobRepository } from '../blobs/blob.repository.js';
import { Clock } from '../../common/clock/clock.service.js';
import { FEED_PORT, FeedBatch, type FeedPort } from '../feed/feed-port.js';
import { LeaderboardRefresher } from '../leaderboard/leaderboard-refresher.js';
import { RoundTruthRepository, type TaskRef } from '../leaderboard/round-truth.repository.js';
import { loadAnswerKeyFiles } from './answer-key-warmer.js';
import { ScoringPool, type ScoringPoolRequest } from './scoring-pool.js';
import { type ClaimedSubmission, ScoringResultsRepository, type Settlement } from './scoring-results.repository.js';
import { SCORING_SETTINGS, type ScoringSettings } from './scoring-settings.js';

/** A submission that keeps killing its scorer (process crash mid-job) is failed after this many tries. */
export const MAX_SCORING_ATTEMPTS = 3;

/**
 * Problems kept for one rejected file (the parsers stop checking there too): a file with a
 * million bad lines costs the same to store, send and read as one with a hundred.
 */
export const MAX_STORED_PROBLEMS = 100;

export type JobOutcome = 'scored' | 'rejected' | 'failed' | 'skipped';

/** What the workers need to score a file for a task: its spec, its key (by content) and the file. */
function scoringRequest(task: TaskEntity, fileName: string, bytes: Uint8Array): ScoringPoolRequest {
  const spec: TaskScoringSpec = { submission: task.submissionSpec, scores: task.scores, ...(task.ranking ? { ranking: task.ranking } : {}) };
  return { spec, key: { csvSha256: task.answerKeySha256, masksSha256: task.answerMasksSha256 }, fileName, bytes };
}

@Injectable()
export class ScoringJobService {
  private readonly logger = new Logger('ScoringJob');

  constructor(
    private readonly dataSource: DataSource,
    private readonly results: ScoringResultsRepository,
    private readonly truths: RoundTruthRepository,
    private readonly blobs: BlobRepository,
    private readonly pool: ScoringPool,
    private readonly refresher: LeaderboardRefresher,
    private readonly clock: Clock,
    @Inject(SCORING_SETTINGS) private readonly settings: ScoringSettings,
    @Optional() @Inject(FEED_PORT) private readonly feed?: FeedPort,
  ) {}

  /**
   * An upload that passed every check before its commit: when this process's workers all idle,
   * they start on it now, and the job the commit queues takes the outcome (`ScoringPool.startEarly`).
   * The commit and the scoring then overlap. Only where `ScoringSettings.earlyStarts` says so
   * (PostgreSQL, and this process scores).
   */
  startEarly(task: TaskEntity, file: { sha256: string; fileName: string; bytes: Uint8Array }): boolean {
    if (!this.settings.earlyStarts) return false;
    const request = scoringRequest(task, file.fileName, file.bytes);
    return this.pool.startEarly(request, file.sha256, () => loadAnswerKeyFiles(this.blobs, request.key));
  }

  /** Plans the job's write statements without running them (start-up warm-up: see IntakeWarmup). */
  planWrites(plan: StatementPlanner): Promise<void> {
    return this.results.planWrites(plan);
  }

  async process(submissionId: number): Promise<JobOutcome> {
    const claimed = await this.results.claim(submissionId);
    if (!claimed) return 'skipped';
    const ref = await this.truths.findTaskById(claimed.taskId);
    const settlement: Settlement = !ref
      ? { status: 'failed', error: `task ${claimed.taskId} no longer exists` }
      : claimed.attempt > MAX_SCORING_ATTEMPTS
        ? { status: 'failed', error: `gave up after ${MAX_SCORING_ATTEMPTS} attempts (the scorer stopped each time)` }
        : await this.compute(claimed, ref);
    const batch = new FeedBatch(this.feed);
    const settled = await this.dataSource.transaction(async (manager) => {
      const done = await this.results.settle(manager, claimed, settlement, this.clock.now());
      if (done && ref) {
        await batch.append(manager, {
          eventId: ref.event.id,
          type: 'submission.scored',
          data: { submissionId: String(claimed.id), task: ref.task.slug, teamId: String(claimed.teamId), outcome: settlement.status },
        });
      }
      return done;
    });
    if (!settled) return 'skipped';
    batch.publish();
    if (settlement.status === 'failed') this.logger.error(`submission ${claimed.id} failed: ${settlement.error}`);
    // Every outcome can change a board: a scored one its scores, any one the activity columns.
    void this.refresher.request(claimed.taskId);
    return settlement.status;
  }

  /** Scores a stored file against the task's current answer key (also what a jury rescore runs). */
  async compute(claimed: Pick<ClaimedSubmission, 'sha256' | 'fileName'>, ref: TaskRef): Promise<Settlement> {
    try {
      const bytes = await this.blobs.get(claimed.sha256);
      if (!bytes) return { status: 'failed', error: `blob ${claimed.sha256} is missing` };
      const request = scoringRequest(ref.task, claimed.fileName, bytes);
      // The key is normally in the worker already (AnswerKeyWarmer); loading it here is the fallback.
      const outcome = await this.pool.score(request, () => loadAnswerKeyFiles(this.blobs, request.key), claimed.sha256);
      switch (outcome.kind) {
        case 'scored':
          return { status: 'scored', result: outcome.result, warnings: outcome.warnings };
        case 'rejected':
          return { status: 'rejected', problems: outcome.problems.slice(0, MAX_STORED_PROBLEMS) };
        case 'failed':
          return { status: 'failed', error: outcome.error };
        case 'need_key':
          return { status: 'failed', error: 'the scoring worker did not receive the answer key' };
      }
    } catch (error) {
      return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
  }
}
