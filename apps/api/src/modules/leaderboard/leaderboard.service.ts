// Leaderboards of a task for each audience, rank history, and the snapshots both come from.
// Every board is computed by `@podium/rules` from the database truth; REST and the live feed
// call `view` so they can never disagree.
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { RankHistoryPoint, RankHistoryResponse, RankHistorySeries, ScoreColumnView } from '@podium/contracts';
import { RANK_HISTORY_DEFAULT_TOP } from '@podium/contracts';
import {
  type Audience,
  JURY,
  leaderboardChanged,
  PUBLIC,
  type RoundTruth,
  type ScoreSplit,
  type VisibleLeaderboard,
  visibleLeaderboard,
} from '@podium/rules';
import { DataSource, type EntityManager } from 'typeorm';
import { notFound } from '../../common/errors/domain-error.js';
import { Clock } from '../../common/clock/clock.service.js';
import { FEED_PORT, FeedBatch, type FeedPort } from '../feed/feed-port.js';
import { LeaderboardSnapshotRepository } from './leaderboard-snapshot.repository.js';
import { RoundTruthRepository, type TaskRef } from './round-truth.repository.js';

/**
 * Snapshot streams: `live` is the jury's live board on the public split, `public` the board the
 * public (and every team) sees - frozen during a freeze. A snapshot is taken whenever the order,
 * a rank, a score or points of that board change.
 */
export type SnapshotKind = 'live' | 'public';
const SNAPSHOT_REASON: Record<SnapshotKind, string> = { live: 'change:live', public: 'change:public' };

const kindOf = (audience: Audience): SnapshotKind => (audience.kind === 'jury' ? 'live' : 'public');

export interface ViewOptions {
  /** Jury only: split to rank on (default public). */
  split?: ScoreSplit;
  now?: Date;
}

@Injectable()
export class LeaderboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly truths: RoundTruthRepository,
    private readonly snapshots: LeaderboardSnapshotRepository,
    private readonly clock: Clock,
    @Optional() @Inject(FEED_PORT) private readonly feed?: FeedPort,
  ) {}

  async task(eventSlug: string, taskSlug: string): Promise<TaskRef> {
    const ref = await this.truths.findTask(eventSlug, taskSlug);
    if (!ref) throw notFound('task', `No task "${taskSlug}" in event "${eventSlug}".`);
    return ref;
  }

  /**
   * The board `audience` may see now. Movements compare with the previous different board of
   * the same snapshot stream (public for the public and teams, live for the jury).
   */
  async view(eventSlug: string, taskSlug: string, audience: Audience, options: ViewOptions = {}): Promise<VisibleLeaderboard> {
    const ref = await this.task(eventSlug, taskSlug);
    const truth = await this.truths.load(ref);
    return this.viewOf(ref, truth, audience, options);
  }

  async viewOf(ref: TaskRef, truth: RoundTruth, audience: Audience, options: ViewOptions = {}, manager?: EntityManager): Promise<VisibleLeaderboard> {
    const now = options.now ?? this.clock.now();
    const split = audience.kind === 'jury' ? options.split : undefined;
    const current = visibleLeaderboard(truth, audience, now, split ? { split } : {});
    // Only the public-split live stream is kept for the jury: another split has no history.
    if (split && split !== 'public') return current;
    const [latest, before] = await this.snapshots.latest(ref.task.id, SNAPSHOT_REASON[kindOf(audience)], 2, manager);
    const previous = latest && !leaderboardChanged(latest, current) ? before : latest;
    return visibleLeaderboard(truth, audience, now, { previous: previous ?? null, ...(split ? { split } : {}) });
  }

  /**
   * Recomputes the task's boards and keeps a snapshot of each that changed, in one transaction
   * (on PostgreSQL the task row is locked so concurrent nodes do not snapshot twice).
   * Idempotent: calling it again without a change writes nothing.
   */
  async refresh(taskId: number, now = this.clock.now()): Promise<{ live: boolean; public: boolean }> {
    const batch = new FeedBatch(this.feed);
    const changed = await this.dataSource.transaction(async (manager) => {
      await this.snapshots.lockTask(taskId, manager);
      const ref = await this.truths.findTaskById(taskId, manager);
      if (!ref) return { live: false, public: false };
      const truth = await this.truths.load(ref, {}, manager);
      const result = { live: false, public: false };
      let activity = false;
      let publicFrozen = false;
      for (const [kind, audience] of [['live', JURY], ['public', PUBLIC]] as const) {
        const next = visibleLeaderboard(truth, audience, now);
        if (kind === 'public') publicFrozen = next.frozen;
        const [latest] = await this.snapshots.latest(taskId, SNAPSHOT_REASON[kind], 1, manager);
        if (leaderboardChanged(latest, next)) {
          result[kind] = true;
          await this.snapshots.insert({ taskId, takenAt: now, reason: SNAPSHOT_REASON[kind], rows: next.rows }, manager);
        } else if (kind === 'live' && leaderboardChanged(latest, next, { includeActivity: true })) {
          activity = true;
        }
      }
      // One marker for the feed, which builds each audience's frame with `view` and sends it only
      // when that audience's board changed. While the task is frozen for the public, every
      // refresh logs one, changed or not: a scored and a rejected upload then leave the same
      // number of entries in the log, so the public's seqs cannot tell them apart.
      if (result.live || result.public || activity || publicFrozen) {
        await batch.append(manager, { eventId: ref.event.id, type: 'leaderboard', data: { task: ref.task.slug } });
      }
      return result;
    });
    batch.publish();
    return changed;
  }

  /** Rank history for the race chart: the current top `top` teams of this audience's board. */
  async history(eventSlug: string, taskSlug: string, audience: Audience, top = RANK_HISTORY_DEFAULT_TOP, now = this.clock.now()): Promise<RankHistoryResponse> {
    const ref = await this.task(eventSlug, taskSlug);
    const truth = await this.truths.load(ref);
    const board = await this.viewOf(ref, truth, audience, { now });
    const snapshots = await this.snapshots.history(ref.task.id, SNAPSHOT_REASON[kindOf(audience)]);
    const leaders = board.rows.filter((r) => r.rank !== null).slice(0, Math.max(0, top));
    const series: RankHistorySeries[] = leaders.map((row) => ({ team: row.team, points: [] }));
    const bySlug = new Map(series.map((s) => [s.team.slug, s]));
    for (const snapshot of snapshots) {
      for (const row of snapshot.rows) {
        const s = bySlug.get(row.team.slug);
        if (!s || row.rank === null) continue;
        const point: RankHistoryPoint = { at: snapshot.takenAt.toISOString(), rank: row.rank, scores: row.scores, points: row.points };
        const last = s.points.at(-1);
        if (last && last.rank === point.rank && Object.is(last.points, point.points) && sameScores(last.scores, point.scores)) continue;
        s.points.push(point);
      }
    }
    return {
      event: ref.event.slug,
      task: ref.task.slug,
      ranking: ref.task.ranking?.method ?? 'single',
      scores: truth.task.scores.map((s): ScoreColumnView => ({ name: s.name, better: s.direction === 'higher' ? 'max' : 'min' })),
      frozen: board.frozen,
      frozenAt: board.frozenAt,
      series,
      serverTime: now.toISOString(),
    };
  }
}

function sameScores(a: Record<string, number | null>, b: Record<string, number | null>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (!Object.is(a[k] ?? null, b[k] ?? null)) return false;
  return true;
}
