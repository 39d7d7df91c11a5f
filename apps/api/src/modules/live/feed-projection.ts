// One log entry as one subscriber may see it. Every payload about a submission goes through the
// `@podium/rules` functions REST uses; public and team entries are rebuilt field by field so
// nothing internal (team ids) reaches them by accident. `jury` entries go to the jury as logged
// (their payload is not rebuilt). Leaderboard entries are markers, not projected here: the hub and
// the replay build those frames with LiveStateService.boards (LeaderboardService.viewOf).
import {
  DIRECTOR_SCENES,
  type RevealFinishedData,
  type RevealPrize,
  type RevealStartedData,
  type RevealStepData,
  type RevealTeam, type ClockData, type DirectorState, type FeedEvent, type JuryFeedData, type TaskClock } from '@podium/contracts';
import { type RoundTruth, visibleReceivedData, visibleScoredData, visibleSettledData } from '@podium/rules';
import { announcementData } from '../feed/announcement-data.js';
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
      // Public: what follow=director screens show. Rebuilt field by field.
      return { ...base, type: 'director', data: { director: directorData(record.data['director']) } };
    }
    case 'jury':
      // Jury-only console data. `admits` already refused every other audience when the entry is
      // restricted to the jury; this also refuses it if an entry was ever logged for `all`.
      if (subscriber.audience !== 'jury') return null;
      return { ...base, type: 'jury', data: record.data as unknown as JuryFeedData };
    case 'reveal.started':
    case 'reveal.step':
    case 'reveal.finished': {
      // Appended only when an organiser steps the ceremony. A rehearsal's entries are logged for
      // the jury; this also refuses them to anyone else if one were ever logged for `all`.
      if (record.data['rehearsal'] === true && subscriber.audience !== 'jury') return null;
      const reveal = revealData(record.type, record.data, subscriber);
      return reveal && ({ ...base, ...reveal } as FeedEvent);
    }
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

/** A `reveal.*` entry field by field; the steps count of `reveal.started` is for the jury only. */
export function revealData(
  type: 'reveal.started' | 'reveal.step' | 'reveal.finished',
  d: Record<string, unknown>,
  subscriber: LiveSubscriber,
): { type: 'reveal.started'; data: RevealStartedData } | { type: 'reveal.step'; data: RevealStepData } | { type: 'reveal.finished'; data: RevealFinishedData } | null {
  const task = str(d['task']);
  const ceremony = str(d['ceremony']);
  if (!task || !ceremony) return null;
  const rehearsal = d['rehearsal'] === true;
  if (type === 'reveal.started') {
    // With ex-aequo places grouped, the count would tell the public a tie exists before its step.
    const steps = subscriber.audience === 'jury' && typeof d['steps'] === 'number' ? d['steps'] : null;
    return { type, data: { task, steps, ceremony, rehearsal } };
  }
  if (type === 'reveal.finished') return { type, data: { task, ceremony, rehearsal, aborted: d['aborted'] === true } };
  const teams = Array.isArray(d['teams']) ? (d['teams'] as Record<string, unknown>[]).map(revealTeam) : [];
  const first = teams[0];
  if (!first || typeof d['step'] !== 'number' || typeof d['place'] !== 'number') return null;
  const p = d['prize'] as Record<string, unknown> | null | undefined;
  const title = p?.['title'] as { en?: unknown; fr?: unknown } | undefined;
  const prize: RevealPrize | null =
    p && title ? { title: { en: String(title.en), fr: String(title.fr) }, place: Number(p['place']), category: str(p['category']) } : null;
  return {
    type,
    data: {
      task,
      step: d['step'],
      team: first.team,
      rank: first.rank,
      scores: { ...first.scores },
      ceremony,
      rehearsal,
      prize,
      place: d['place'],
      teams,
      exAequo: teams.length > 1,
      winner: d['winner'] === true,
      last: d['last'] === true,
    },
  };
}

function revealTeam(t: Record<string, unknown>): RevealTeam {
  const m = (t['movement'] ?? {}) as { kind?: unknown; places?: unknown };
  const kind = m.kind === 'up' || m.kind === 'down' || m.kind === 'same' ? m.kind : 'new';
  return {
    team: String(t['team']),
    name: String(t['name']),
    category: str(t['category']),
    rank: Number(t['rank']),
    scores: { ...(t['scores'] as Record<string, number | null>) },
    points: typeof t['points'] === 'number' ? t['points'] : null,
    frozenRank: typeof t['frozenRank'] === 'number' ? t['frozenRank'] : null,
    movement: { kind, places: typeof m.places === 'number' ? m.places : 0 },
  };
}
