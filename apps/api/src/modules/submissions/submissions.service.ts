// Taking a submission: checks in the order that costs the team least (auth, task, replay, window,
// quota, size), then the file and its row are written in ONE transaction before the 202. Scoring
// happens off the event loop (scoring-jobs), from the queued job - idle workers may start on the
// file during the commit; content is validated there, so every problem in the file is reported at
// once through the submission's status.
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/app-config.token.js';
import type { SubmissionAccepted, SubmissionDetails, TeamMeResponse } from '@podium/contracts';
import { quotaStatus, submissionWindow, teamAudience, visibleSubmission, visibleTaskState, type RoundTruth } from '@podium/rules';
import type { IncomingMessage } from 'node:http';
import { DataSource, QueryFailedError } from 'typeorm';
import { notFound } from '../../common/errors/domain-error.js';
import { BlobRepository } from '../blobs/blob.repository.js';
import type { TaskEntity } from '../events/task.entity.js';
import { Clock } from '../../common/clock/clock.service.js';
import { FEED_PORT, FeedBatch, type FeedPort } from '../feed/feed-port.js';
import { RoundTruthRepository, roundTask, type TaskRef } from '../leaderboard/round-truth.repository.js';
import { ScoringJobService } from '../scoring-jobs/scoring-job.service.js';
import { SCORING_QUEUE, type ScoringQueue } from '../scoring-jobs/scoring-queue.js';
import type { TeamEntity } from '../teams/team.entity.js';
import {
  idempotencyKeyReused,
  invalidIdempotencyKey,
  QuotaExceededError,
  RejectedUploadsLimitError,
  submissionNotFound,
  windowClosed,
  windowNotOpen,
  wrongEvent,
} from './submission-errors.js';
import type { SubmissionEntity } from './submission.entity.js';
import { type AcceptedRow, SubmissionsRepository } from './submissions.repository.js';
import { readUpload } from './upload-reader.js';

/** Largest upload when the task sets no `max_upload_mb`: room for 500 uncompressed 512x512 masks. */
export const DEFAULT_MAX_UPLOAD_MB = 256;
/** The same bytes from the same team to the same task within this window answer the first submission. */
export const SAME_BYTES_WINDOW_MS = 5 * 60_000;

export interface AcceptResult {
  body: SubmissionAccepted;
  /** True when this answers an earlier request (same Idempotency-Key or same bytes). */
  replayed: boolean;
}

/** Inside `accept`: a replayed row that no job has taken yet. */
type Accepting = AcceptResult & { stillQueued?: boolean };

const replay = (row: AcceptedRow): Accepting => ({ body: accepted(row), replayed: true, stillQueued: row.status === 'queued' });

const accepted = (s: AcceptedRow): SubmissionAccepted => ({
  id: String(s.id),
  status: 'queued',
  receivedAt: s.receivedAt.toISOString(),
  sha256: s.sha256,
});

const isUniqueViolation = (error: unknown) => error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';

@Injectable()
export class SubmissionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly submissions: SubmissionsRepository,
    private readonly truths: RoundTruthRepository,
    private readonly blobs: BlobRepository,
    private readonly clock: Clock,
    @Inject(SCORING_QUEUE) private readonly queue: ScoringQueue,
    private readonly jobs: ScoringJobService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(FEED_PORT) private readonly feed?: FeedPort,
  ) {}

  async accept(team: TeamEntity, eventSlug: string, taskSlug: string, request: IncomingMessage, idempotencyKey: string | undefined): Promise<AcceptResult> {
    const ref = await this.taskForTeam(team, eventSlug, taskSlug);
    const { task } = ref;
    if (idempotencyKey !== undefined) {
      if (!/^[\x21-\x7e]{1,128}$/.test(idempotencyKey)) throw invalidIdempotencyKey();
      const first = await this.submissions.findByIdempotencyKey(team.id, idempotencyKey);
      if (first) {
        request.resume();
        if (first.taskId !== task.id) throw idempotencyKeyReused(idempotencyKey);
        if (first.status === 'queued') await this.enqueue(first.id, team.id);
        return { body: accepted(first), replayed: true };
      }
    }
    // Refuse on the headers when we can: no point uploading 100 MB to hear "closed".
    const startedAt = this.clock.now();
    const early = submissionWindow(task, startedAt, null, startedAt);
    if (early.kind === 'too_early') throw windowNotOpen(task.slug, early.opensAt);
    if (early.kind === 'too_late') throw windowClosed(task.slug, early.closesAt, early.graceSeconds, early.reason);
    await this.checkRejectedUploads(team, startedAt, request);
    // Over quota: still read the body, since the same bytes sent again must get the first answer.
    const overQuota = await this.checkQuota(team, task, startedAt).then(() => null, (error: unknown) => {
      if (error instanceof QuotaExceededError) return error;
      throw error;
    });

    const maxBytes = (task.maxUploadMb ?? DEFAULT_MAX_UPLOAD_MB) * 1024 * 1024;
    const deadline =
      early.kind === 'in_progress' ? { at: early.mustCompleteBy, error: () => windowClosed(task.slug, task.closesAt, task.graceSeconds, 'completed_after_grace') } : null;
    const upload = await readUpload(request, { maxBytes, deadline, now: () => this.clock.now() });
    const receivedAt = upload.completedAt;
    const verdict = submissionWindow(task, startedAt, receivedAt, receivedAt);
    if (verdict.kind === 'too_late') throw windowClosed(task.slug, verdict.closesAt, verdict.graceSeconds, verdict.reason);
    const sha256 = upload.sha256;
    if (overQuota) {
      const same = await this.submissions.findSameBytes(team.id, task.id, sha256, new Date(receivedAt.getTime() - SAME_BYTES_WINDOW_MS));
      if (same) return replay(same);
      throw overQuota;
    }

    // Nothing read so far refuses it: idle workers may start scoring it while it is stored and
    // committed; its job takes that outcome (a refusal below leaves it to expire unused).
    this.jobs.startEarly(task, { sha256, fileName: upload.fileName, bytes: upload.bytes });
    // The file first (embedded database: fsynced to disk), outside the transaction that names it.
    const blob = await this.blobs.stage(upload.bytes, sha256);
    const batch = new FeedBatch(this.feed);
    let result: Accepting;
    try {
      result = await this.dataSource.transaction(async (manager) => {
        await this.submissions.lockTeamTask(team.id, task.id, manager);
        if (idempotencyKey !== undefined) {
          const first = await this.submissions.findByIdempotencyKey(team.id, idempotencyKey, manager);
          if (first) return replay(first);
        }
        const same = await this.submissions.findSameBytes(team.id, task.id, sha256, new Date(receivedAt.getTime() - SAME_BYTES_WINDOW_MS), manager);
        if (same) return replay(same);
        await this.checkQuota(team, task, receivedAt, manager);
        await this.blobs.put(blob, manager);
        const row = await this.submissions.insertQueued(
          {
            taskId: task.id,
            teamId: team.id,
            receivedAt,
            sha256,
            size: upload.bytes.byteLength,
            fileName: upload.fileName,
            idempotencyKey: idempotencyKey ?? null,
            afterFreeze: task.freezeAt !== null && receivedAt.getTime() > task.freezeAt.getTime(),
          },
          manager,
        );
        await batch.append(manager, {
          eventId: ref.event.id,
          type: 'submission.received',
          data: { submissionId: String(row.id), task: task.slug, teamId: String(team.id), team: team.slug, receivedAt: receivedAt.toISOString() },
        });
        return { body: accepted(row), replayed: false };
      });
    } catch (error) {
      // Two requests with one key raced: the other one committed first; answer with it.
      if (idempotencyKey !== undefined && isUniqueViolation(error)) {
        const first = await this.submissions.findByIdempotencyKey(team.id, idempotencyKey);
        if (first) return replay(first);
      }
      throw error;
    }
    if (!result.replayed) batch.publish();
    // A replay of a row still queued is enqueued again (also above): the node that committed it
    // may have died before its enqueue, and then its client got no 202 and retried here. The
    // queue (one job id per submission) and the claim make a second enqueue harmless.
    if (!result.replayed || result.stillQueued) await this.enqueue(Number(result.body.id), team.id);
    return { body: result.body, replayed: result.replayed };
  }

  private async enqueue(id: number, teamId: number): Promise<void> {
    await this.queue.enqueue(id, teamId, await this.submissions.teamBacklog(teamId, id));
  }

  /**
   * Refuses the upload (on its headers: the body is drained unread) while the team has had
   * `rejectedUploadsPerMinute` rejections in the last minute; retry when the oldest leaves it.
   */
  private async checkRejectedUploads(team: TeamEntity, now: Date, request: IncomingMessage): Promise<void> {
    const limit = this.config.rejectedUploadsPerMinute;
    if (limit === 0) return;
    const rejected = await this.submissions.rejectedSince(team.id, new Date(now.getTime() - 60_000));
    if (rejected.length < limit) return;
    const frees = rejected[rejected.length - limit]!.getTime() + 60_000;
    request.resume();
    throw new RejectedUploadsLimitError(limit, Math.max(1, Math.ceil((frees - now.getTime()) / 1000)));
  }

  /** The owning team's view of one of its submissions; any other team gets a 404 (no existence leak). */
  async details(team: TeamEntity, id: string): Promise<SubmissionDetails> {
    const numeric = /^\d{1,9}$/.test(id) ? Number(id) : NaN;
    const entity = Number.isNaN(numeric) ? null : await this.submissions.findById(numeric);
    if (!entity || entity.teamId !== team.id) throw submissionNotFound(id);
    const ref = await this.truths.findTaskById(entity.taskId);
    if (!ref) throw submissionNotFound(id);
    const truth = await this.truths.load(ref, { problemsFor: team.id, onlyTeam: team.id });
    return this.toDetails(ref, truth, entity, team, this.clock.now());
  }

  async me(team: TeamEntity): Promise<TeamMeResponse> {
    const now = this.clock.now();
    const event = team.event!;
    const tasks = await this.submissions.tasksOfEvent(event.id);
    const boards: { task: TaskEntity; truth: RoundTruth }[] = [];
    for (const task of tasks) boards.push({ task, truth: await this.truths.load({ event, task }, { problemsFor: team.id }) });
    // Read after the boards: a submission accepted meanwhile is then in `own` (extra rows there
    // are harmless), never only in a board (its details would be missing).
    const own = await this.submissions.findByTeam(team.id);
    const entities = new Map(own.map((s) => [String(s.id), s]));
    const standings: TeamMeResponse['tasks'] = [];
    for (const { task, truth } of boards) {
      const ref = { event, task };
      const state = visibleTaskState(truth, teamAudience(String(team.id)), now, { recent: 0 });
      const mine = state.own!;
      standings.push({
        task: task.slug,
        clock: state.clock,
        rank: mine.rank,
        bestScores: mine.best?.scores ?? null,
        bestSubmissionId: mine.best?.submissionId ?? null,
        quota: {
          limit: mine.quota.limit,
          perMinutes: mine.quota.perMinutes,
          used: mine.quota.used,
          remaining: mine.quota.remaining,
          nextSlotAt: mine.quota.nextSlotAt,
          retryAfterSeconds: mine.quota.retryAfterSeconds,
        },
        submissions: truth.submissions
          .filter((s) => s.teamId === String(team.id))
          .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || Number(b.id) - Number(a.id))
          .map((s) => this.toDetails(ref, truth, entities.get(s.id)!, team, now)),
      });
    }
    return {
      event: event.slug,
      team: { slug: team.slug, name: team.name, category: team.category },
      tasks: standings,
      disqualified: team.disqualification ? { reason: team.disqualification.reason, at: team.disqualification.at } : null,
      serverTime: now.toISOString(),
    };
  }

  private toDetails(ref: TaskRef, truth: RoundTruth, entity: SubmissionEntity, team: TeamEntity, now: Date): SubmissionDetails {
    const round = truth.submissions.find((s) => s.id === String(entity.id))!;
    const view = visibleSubmission(truth, round, teamAudience(String(team.id)), now)!;
    return {
      id: String(entity.id),
      event: ref.event.slug,
      task: ref.task.slug,
      team: team.slug,
      // Status, scores and problems all from the same read (the round truth): the entity may be
      // newer (read after it), and a status without its problems or scores would say nothing.
      status: round.status,
      receivedAt: entity.receivedAt.toISOString(),
      settledAt: view.settledAt,
      fileName: entity.fileName,
      size: entity.size,
      sha256: entity.sha256,
      scores: view.scores,
      problems: view.problems ?? [],
      warnings: round.status === 'scored' ? (entity.problems ?? []) : [],
      afterFreeze: view.afterFreeze,
      counted: view.counted ?? false,
      disqualified: entity.disqualification ? { reason: entity.disqualification.reason, at: entity.disqualification.at } : null,
    };
  }

  private async taskForTeam(team: TeamEntity, eventSlug: string, taskSlug: string): Promise<TaskRef> {
    const event = team.event!;
    if (event.slug !== eventSlug) throw wrongEvent(event.slug, eventSlug);
    const ref = await this.truths.findTask(eventSlug, taskSlug);
    if (!ref) throw notFound('task', `No task "${taskSlug}" in event "${eventSlug}".`);
    return ref;
  }

  private async checkQuota(team: TeamEntity, task: TaskEntity, now: Date, manager = this.dataSource.manager): Promise<void> {
    const rule = roundTask(task).quota;
    if (!rule) return;
    const since = new Date(now.getTime() - rule.perMinutes * 60_000);
    const status = quotaStatus(rule, await this.submissions.countedSince(team.id, task.id, since, manager), now);
    if (!status.allowed) throw new QuotaExceededError(task.slug, rule.limit, rule.perMinutes, status.nextSlotAt, status.retryAfterSeconds);
  }
}
