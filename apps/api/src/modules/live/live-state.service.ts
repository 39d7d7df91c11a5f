// What a subscriber gets when it (re)subscribes: a snapshot of the current state, or the log
// entries after its `since`, projected for its audience. Boards come from LeaderboardService.view
// and submissions from the `@podium/rules` views, exactly as REST answers them.
import { Injectable } from '@nestjs/common';
import type {
  DirectorState,
  FeedEvent,
  FeedFrame,
  LeaderboardData,
  LiveReplay,
  LiveSnapshot,
  RecentSubmission,
  SnapshotReason,
  TaskLiveState,
} from '@podium/contracts';
import { LIVE_RECENT_SUBMISSIONS } from '@podium/contracts';
import { JURY, PUBLIC, type RoundTruth, type VisibleLeaderboard, visibleTaskState } from '@podium/rules';
import { EventsService } from '../events/events.service.js';
import type { FeedEventRecord } from '../feed/feed-event.record.js';
import { FeedService } from '../feed/feed.service.js';
import { LeaderboardService } from '../leaderboard/leaderboard.service.js';
import { RoundTruthRepository } from '../leaderboard/round-truth.repository.js';
import type { HubState } from './event-feed-hub.js';
import { directorData, projectRecord, type ProjectionContext } from './feed-projection.js';
import { type LiveSubscriber, rulesAudience } from './live-subscriber.js';
import { REVEAL_TYPES, revealAudiences, revealSnapshots } from './reveal-snapshot.js';

/** A resume further behind than this many log entries gets a snapshot instead. */
export const MAX_REPLAY_ENTRIES = 1000;

@Injectable()
export class LiveStateService implements HubState {
  constructor(
    private readonly feed: FeedService,
    private readonly events: EventsService,
    private readonly leaderboards: LeaderboardService,
    private readonly truths: RoundTruthRepository,
  ) {}

  /**
   * The task's board for the public (and teams: a team sees exactly the public board) and, when
   * `jury`, for the jury, now.
   */
  async boards(eventSlug: string, taskSlug: string, now: Date, audiences: { jury: boolean }): Promise<{ public: LeaderboardData; jury: LeaderboardData | null }> {
    const ref = await this.leaderboards.task(eventSlug, taskSlug);
    const truth = await this.truths.load(ref);
    const [pub, jury] = await Promise.all([
      this.leaderboards.viewOf(ref, truth, PUBLIC, { now }),
      audiences.jury ? this.leaderboards.viewOf(ref, truth, JURY, { now }) : null,
    ]);
    return { public: leaderboardData(pub), jury: jury && leaderboardData(jury) };
  }

  /** A projection context whose truths are loaded once per task for its lifetime (one batch). */
  projectionContext(eventSlug: string, now: Date): ProjectionContext {
    const cache = new Map<string, Promise<RoundTruth | null>>();
    return {
      eventSlug,
      now,
      truth: (task) => {
        let found = cache.get(task);
        if (!found) {
          found = this.truths.findTask(eventSlug, task).then((ref) => (ref ? this.truths.load(ref) : null));
          cache.set(task, found);
        }
        return found;
      },
    };
  }

  async snapshot(eventSlug: string, eventId: number, subscriber: LiveSubscriber, seq: number, reason: SnapshotReason, now: Date): Promise<LiveSnapshot> {
    const details = await this.events.details(eventSlug, now);
    const audience = rulesAudience(subscriber);
    const tasks: TaskLiveState[] = [];
    const recent: RecentSubmission[] = [];
    for (const t of details.tasks) {
      const ref = await this.leaderboards.task(eventSlug, t.slug);
      const truth = await this.truths.load(ref);
      const state = visibleTaskState(truth, audience, now, { recent: LIVE_RECENT_SUBMISSIONS });
      // The board comes from `view` (movements against the audience's previous board), as REST.
      const board = await this.leaderboards.viewOf(ref, truth, subscriber.audience === 'jury' ? JURY : PUBLIC, { now });
      tasks.push({ task: t.slug, clock: state.clock, leaderboard: leaderboardData(board) });
      for (const s of state.recentSubmissions) {
        // Same rule as the frames: a team's snapshot lists its own submissions only.
        if (subscriber.audience === 'team' && s.team !== subscriber.team?.slug) continue;
        recent.push({
          submissionId: s.submissionId,
          team: s.team,
          task: s.task,
          receivedAt: s.receivedAt,
          outcome: s.outcome,
          settledAt: s.settledAt,
          scores: s.scores,
          afterFreeze: s.afterFreeze,
        });
      }
    }
    recent.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
    return {
      seq,
      reason,
      audience: subscriber.audience,
      team: subscriber.team?.slug ?? null,
      event: {
        slug: details.slug,
        title: details.title,
        timezone: details.timezone,
        teams: details.teams,
        tasks: details.tasks.map((task) => ({ ...task, clock: tasks.find((s) => s.task === task.slug)?.clock ?? task.clock })),
        serverTime: now.toISOString(),
      },
      tasks,
      recentSubmissions: recent.slice(0, LIVE_RECENT_SUBMISSIONS),
      announcements: await this.feed.announcements(eventId, now),
      director: await this.director(eventId),
      reveals: revealSnapshots(await this.feed.ofTypes(eventId, REVEAL_TYPES, revealAudiences(subscriber)), subscriber),
      serverTime: now.toISOString(),
    };
  }

  /** What follow=director screens show now: the latest public `director` entry (null = released). */
  async director(eventId: number): Promise<DirectorState | null> {
    const latest = await this.feed.latestPublic(eventId, 'director');
    return latest ? directorData(latest.data['director']) : null;
  }

  /**
   * Entries in (since, upTo] for this subscriber, or the reason a snapshot must be sent instead.
   * Leaderboard markers fold into one frame per task (the current board, at the last marker).
   */
  async replay(
    eventSlug: string,
    eventId: number,
    subscriber: LiveSubscriber,
    since: number,
    upTo: number,
    now: Date,
  ): Promise<{ replay: LiveReplay } | { snapshot: SnapshotReason }> {
    if (since > upTo) return { snapshot: 'since_unknown' };
    if (subscriber.audience !== 'jury' && (await this.anyPublicFreeze(eventSlug, now))) return { snapshot: 'frozen' };
    const records = (await this.feed.readAfter(eventId, since, MAX_REPLAY_ENTRIES + 1)).filter((r) => r.seq <= upTo);
    if (records.length > MAX_REPLAY_ENTRIES) return { snapshot: 'too_far_behind' };
    const lastMarker = new Map<string, number>();
    for (const r of records) if (r.type === 'leaderboard' && typeof r.data['task'] === 'string') lastMarker.set(r.data['task'], r.seq);
    const ctx = this.projectionContext(eventSlug, now);
    const frames: FeedFrame[] = [];
    let prev = since;
    for (const record of records) {
      const event = await this.replayEvent(record, subscriber, ctx, lastMarker, now);
      if (!event) continue;
      frames.push({ ...event, prev } as FeedFrame);
      prev = event.seq;
    }
    return {
      replay: { since, seq: upTo, audience: subscriber.audience, team: subscriber.team?.slug ?? null, frames, serverTime: now.toISOString() },
    };
  }

  private async replayEvent(
    record: FeedEventRecord,
    subscriber: LiveSubscriber,
    ctx: ProjectionContext,
    lastMarker: Map<string, number>,
    now: Date,
  ): Promise<FeedEvent | null> {
    if (record.type !== 'leaderboard') return projectRecord(record, subscriber, ctx);
    const task = record.data['task'];
    if (typeof task !== 'string' || lastMarker.get(task) !== record.seq) return null;
    const jury = subscriber.audience === 'jury';
    const boards = await this.boards(ctx.eventSlug, task, now, { jury }).catch(() => null);
    if (!boards) return null;
    return { seq: record.seq, at: record.at, event: ctx.eventSlug, type: 'leaderboard', data: jury ? boards.jury! : boards.public };
  }

  /** Public information only (the schedule), so the choice snapshot/replay reveals nothing. */
  async anyPublicFreeze(eventSlug: string, now: Date): Promise<boolean> {
    return (await this.events.details(eventSlug, now)).tasks.some((t) => t.clock.frozen);
  }
}

/** The wire board, field by field (the rules' view carries extras the wire does not need). */
export function leaderboardData(board: VisibleLeaderboard): LeaderboardData {
  return {
    task: board.task,
    // Unranked teams are rows with rank and movement null (see the note on LeaderboardRow.rank).
    rows: board.rows as unknown as LeaderboardData['rows'],
    movements: board.movements,
    frozen: board.frozen,
    frozenAt: board.frozenAt,
    computedAt: board.computedAt,
  };
}
