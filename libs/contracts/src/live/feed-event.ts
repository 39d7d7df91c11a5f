// Feed events: one append-only log per event, `seq` strictly increasing. Every audience (public,
// team, jury) receives a projection of the same log, serialised once per audience by the server;
// the same visibility rules answer REST, so feed and REST never disagree.
//
// Projection of a log entry per audience (a projected frame keeps the entry's seq; an entry an
// audience must not see is simply not sent - `prev` lets clients tell that from a loss):
//   submission.received  public: yes (the rules may withhold it during a freeze) | team: own only | jury: yes
//   submission.scored    public: as submission.settled | team: own as is, others not at all | jury: as is
//   leaderboard          public, team: the frozen board after the freeze | jury: the live board
//   clock, announcement, director  everyone
//   reveal.*             official ceremony: everyone (steps count jury only) | rehearsal: jury only
//   jury                 jury only (never a byte of it to a team or the public)
// `submission.settled` is never stored: it only exists as the public face of `submission.scored`.
import type { TaskClock } from './event-view.js';
import type { AnnouncementData } from './announcement.schema.js';
import type { LeaderboardData } from './leaderboard-view.js';
import type { RevealStepData } from './reveal.schema.js';
import type { DirectorFrameData, JuryFeedData } from '../rest/jury.js';

export const FEED_EVENT_TYPES = {
  submissionReceived: 'submission.received',
  submissionScored: 'submission.scored',
  submissionSettled: 'submission.settled',
  leaderboard: 'leaderboard',
  clock: 'clock',
  announcement: 'announcement',
  revealStarted: 'reveal.started',
  revealStep: 'reveal.step',
  revealFinished: 'reveal.finished',
  /** Public: what `follow=director` screens must show (null = released). */
  director: 'director',
  /** Jury audience only: console data (boards with every split, submissions, flags, audit). */
  jury: 'jury',
} as const;

export type FeedEventType = (typeof FEED_EVENT_TYPES)[keyof typeof FEED_EVENT_TYPES];

/** Public: a team uploaded something. Never a score; during a freeze the rules may withhold it. */
export interface SubmissionReceivedData {
  submissionId: string;
  team: string;
  task: string;
  receivedAt: string;
}

export type SubmissionOutcome = 'scored' | 'rejected' | 'failed';

/** Team (its own submissions) and jury only: the full result, frozen or not. */
export interface SubmissionScoredData {
  submissionId: string;
  team: string;
  task: string;
  receivedAt: string;
  settledAt: string;
  outcome: SubmissionOutcome;
  /** Scores by name; null unless outcome is `scored`. */
  scores: Record<string, number | null> | null;
  /** Number of problems found in a rejected file (details over REST for the team). */
  problemCount: number;
  /** Whether this submission now counts on the leaderboard (best/last policy). */
  counted: boolean;
}

/**
 * Public projection of `submission.scored` (same seq): lets a ticker resolve "scoring...".
 * `scores` and `counted` are null on a frozen board, so nothing post-freeze leaks.
 */
export interface SubmissionSettledData {
  submissionId: string;
  team: string;
  task: string;
  settledAt: string;
  outcome: SubmissionOutcome;
  scores: Record<string, number | null> | null;
  counted: boolean | null;
}

export type ClockChange = 'opened' | 'frozen' | 'unfrozen' | 'closed' | 'published' | 'rescheduled';

export interface ClockData {
  task: string;
  change: ClockChange;
  clock: TaskClock;
}

/**
 * Prize ceremony (issue 14). An official ceremony's entries are public; a rehearsal's are logged
 * for the jury audience only (screens opened with `rehearsal=1` by a jury session show them).
 * `reveal.started` leaves with a task's first step, `reveal.finished` with its last: nothing is
 * sent before the organiser steps, so no frame holds a final score before its step.
 */
export interface RevealStartedData {
  task: string;
  /**
   * Steps planned for this task: jury frames only. null for the public and teams: with ex-aequo
   * places grouped into one step, the count would tell that a tie exists before its step.
   */
  steps: number | null;
  /** Ceremony id (the jury console's `GET .../ceremony`). */
  ceremony: string;
  rehearsal: boolean;
}

export interface RevealFinishedData {
  task: string;
  ceremony: string;
  rehearsal: boolean;
  /** An organiser stopped the ceremony before this task's last step. */
  aborted: boolean;
}

/** A task's ceremony as far as it went: in the live snapshot, so a screen opened later shows it. */
export interface RevealSnapshot {
  task: string;
  ceremony: string;
  rehearsal: boolean;
  steps: number | null;
  /** In step order. */
  revealed: RevealStepData[];
  finished: boolean;
}

interface FeedEventBase<T extends FeedEventType, D> {
  /** Position in the event's log; strictly increasing, never reused. */
  seq: number;
  type: T;
  /** When the change happened (ISO 8601 UTC). */
  at: string;
  /** Event slug. */
  event: string;
  data: D;
}

export type SubmissionReceivedEvent = FeedEventBase<'submission.received', SubmissionReceivedData>;
export type SubmissionScoredEvent = FeedEventBase<'submission.scored', SubmissionScoredData>;
export type SubmissionSettledEvent = FeedEventBase<'submission.settled', SubmissionSettledData>;
export type LeaderboardEvent = FeedEventBase<'leaderboard', LeaderboardData>;
export type ClockEvent = FeedEventBase<'clock', ClockData>;
export type AnnouncementEvent = FeedEventBase<'announcement', AnnouncementData>;
export type RevealStartedEvent = FeedEventBase<'reveal.started', RevealStartedData>;
export type RevealStepEvent = FeedEventBase<'reveal.step', RevealStepData>;
export type RevealFinishedEvent = FeedEventBase<'reveal.finished', RevealFinishedData>;
export type DirectorEvent = FeedEventBase<'director', DirectorFrameData>;
export type JuryEvent = FeedEventBase<'jury', JuryFeedData>;

export type FeedEvent =
  | SubmissionReceivedEvent
  | SubmissionScoredEvent
  | SubmissionSettledEvent
  | LeaderboardEvent
  | ClockEvent
  | AnnouncementEvent
  | RevealStartedEvent
  | RevealStepEvent
  | RevealFinishedEvent
  | DirectorEvent
  | JuryEvent;

export type FeedEventOf<T extends FeedEventType> = Extract<FeedEvent, { type: T }>;

/**
 * A feed event on the wire, for one audience. `prev` is the seq of the previous frame this
 * audience's stream carried (or the `since`/snapshot seq it continues from), so a client can tell
 * a hole (prev > its last seq) from seqs it was never meant to see (filtered or coalesced away).
 */
export type FeedFrame = FeedEvent & { prev: number };
