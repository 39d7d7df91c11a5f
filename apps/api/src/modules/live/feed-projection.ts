// One log entry as one subscriber may see it. Every payload about a submission goes through the
// `@podium/rules` functions REST uses; entries are rebuilt field by field so nothing internal
// (team ids, raw jury payloads) reaches a socket by accident. Leaderboard entries are markers:
// the hub builds those frames from LeaderboardService.view.
import { DIRECTOR_SCENES, type AnnouncementData, type ClockData, type DirectorState, type FeedEvent, type JuryFeedData, type TaskClock } from '@podium/contracts';
import { type RoundTruth, visibleReceivedData, visibleScoredData, visibleSettledData } from '@podium/rules';
import type { FeedEventRecord } from '../feed/feed-event.record.js';
import { type LiveSubscriber, rulesAudience } from './live-subscriber.js';

export interface ProjectionContext {
  eventSlug: string;
  now: Date;
  /** The task's truth (cached by the caller for a batch of entries); null for an unknown task. */
  truth(taskSlug: string): Promise<RoundTruth | null>;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Whether the entry's own audience restriction (`jury`, `team:<slug>`) admits this subscriber. */
export function admits(record: FeedEventRecord, subscriber: LiveSubscriber): boolean {
  if (record.audience === 'all' || subscriber.audience === 'jury') return true;
  return subscriber.audience === 'team' && record.audience === `team:${subscriber.team?.slug}`;
}

/** The team (rules id) a submission.* entry is about, for per-team differences; null for other entries. */
export function submissionTeamId(record: FeedEventRecord): string | null {
  return record.type.startsWith('submission.') ? str(record.data['teamId']) : null;
}

/**
 * The frame (without `prev`) this subscriber gets for a non-leaderboard entry, or null (nothing
 * at all is sent: not even the fact that something happened).
 */
export async function projectRecord(record: FeedEventRecord, subscriber: LiveSubscriber, ctx: ProjectionContext): Promise<FeedEvent | null> {
  if (!admits(record, subscriber)) return null;
  // A team's stream carries its own submissions only: nothing of another team's uploads, results
  // or post-freeze activity (the public board already says what the public may know of them).
  const about = submissionTeamId(record);
  if (subscriber.audience === 'team' && about !== null && about !== subscriber.team?.id) return null;
  const base = { seq: record.seq, at: record.at, event: ctx.eventSlug };
  switch (record.type) {
    case 'submission.received':
    case 'submission.scored':
    case 'submission.settled': {
      const task = str(record.data['task']);
      const id = str(record.data['submissionId']);
      const truth = task ? await ctx.truth(task) : null;
      const submission = truth?.submissions.find((s) => s.id === id);
      if (!truth || !submission) return null;
      if (record.type === 'submission.received') {
        const data = visibleReceivedData(truth, submission);
        return data && { ...base, type: 'submission.received', data };
      }
      const audience = rulesAudience(subscriber);
      const scored = visibleScoredData(truth, submission, audience, ctx.now);
      if (scored) return { ...base, type: 'submission.scored', data: scored };
      const settled = visibleSettledData(truth, submission, audience, ctx.now);
      return settled && { ...base, type: 'submission.settled', data: settled };
    }
    case 'clock': {
      const data = clockData(record.data);
      return data && { ...base, type: 'clock', data };
    }
    case 'announcement': {
      const data = announcementData(record.data);
      return data && { ...base, type: 'announcement', data };
    }
    case 'director': {
      // Public: what follow=director screens show. Rebuilt field by field like every other payload.
      return { ...base, type: 'director', data: { director: directorData(record.data['director']) } };
    }
    case 'jury':
      // Jury-only console data. `admits` already refused every other audience when the entry is
      // restricted to the jury; this also refuses it if an entry was ever logged for `all`.
      if (subscriber.audience !== 'jury') return null;
      return { ...base, type: 'jury', data: record.data as unknown as JuryFeedData };
    case 'reveal.started':
    case 'reveal.step':
    case 'reveal.finished':
      // Ceremony steps are public by nature (the jury issue appends them when it advances).
      return { ...base, type: record.type, data: record.data } as unknown as FeedEvent;
    default:
      return null;
  }
}

function clockData(d: Record<string, unknown>): ClockData | null {
  const c = d['clock'] as Partial<TaskClock> | undefined;
  const task = str(d['task']);
  if (!task || !c || typeof c !== 'object') return null;
  return {
    task,
    change: d['change'] as ClockData['change'],
    clock: {
      phase: c.phase as TaskClock['phase'],
      opensAt: String(c.opensAt),
      closesAt: String(c.closesAt),
      freezeAt: c.freezeAt ?? null,
      frozen: c.frozen === true,
      frozenAt: c.frozenAt ?? null,
    },
  };
}

export function announcementData(d: Record<string, unknown>): AnnouncementData | null {
  const id = str(d['id']);
  if (!id || typeof d['text'] !== 'object' || d['text'] === null) return null;
  return {
    id,
    text: d['text'] as AnnouncementData['text'],
    level: (d['level'] as AnnouncementData['level']) ?? 'info',
    publishedAt: String(d['publishedAt']),
    until: str(d['until']),
    withdrawn: d['withdrawn'] === true,
  };
}

export function directorData(d: unknown): DirectorState | null {
  if (typeof d !== 'object' || d === null) return null;
  const r = d as Record<string, unknown>;
  if (typeof r['scene'] !== 'string' || !(DIRECTOR_SCENES as readonly string[]).includes(r['scene'])) return null;
  return {
    scene: r['scene'] as DirectorState['scene'],
    task: str(r['task']),
    lang: r['lang'] === 'en' || r['lang'] === 'fr' ? r['lang'] : null,
    pinnedAt: String(r['pinnedAt']),
    by: String(r['by']),
  };
}
