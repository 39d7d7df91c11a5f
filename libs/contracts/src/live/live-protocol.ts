// The socket.io protocol of the live feed (namespace `/live`).
//
//   client                                   server
//   subscribe { event, since?, token? }  ->
//                                        <-  snapshot (no since, since unknown, or too far behind)
//                                            | replay { frames after since }
//                                            | live-error
//                                        <-  feed (one live frame) | feed-batch (several, in seq order)
//                                        <-  heartbeat (every ~15 s)
//
// A client keeps the highest seq it has applied (snapshot.seq, replay.seq, frame.seq). It ignores
// frames with seq <= lastSeq (duplicates), and treats prev > lastSeq as a hole: it subscribes again
// without `since` to get a snapshot. After a disconnect it subscribes with `since: lastSeq`.
// A batch is only a cheaper envelope: its frames are applied one by one, exactly as if each had
// come in its own `feed` message (each keeps its own `prev`).
import type { Problem } from '../problem.js';
import type { SubscribeRequest } from './subscribe-request.js';
import type { EventPublicView, TaskClock } from './event-view.js';
import type { AnnouncementData } from './announcement.schema.js';
import type { FeedFrame, RevealSnapshot, SubmissionOutcome, SubmissionReceivedData } from './feed-event.js';
import type { LeaderboardData } from './leaderboard-view.js';
import type { DirectorState } from '../rest/jury.schema.js';

export const LIVE_NAMESPACE = '/live';

/** socket.io event names, both directions. */
export const LIVE_MESSAGES = {
  subscribe: 'subscribe',
  snapshot: 'snapshot',
  replay: 'replay',
  feed: 'feed',
  batch: 'feed-batch',
  heartbeat: 'heartbeat',
  error: 'live-error',
} as const;

/** Seconds between heartbeats a server should respect; clients may flag silence after 3 of them. */
export const LIVE_HEARTBEAT_SECONDS = 15;
/** Most recent submissions a snapshot carries (newest first). */
export const LIVE_RECENT_SUBMISSIONS = 30;

/**
 * Who a subscriber is, decided by the server from the token: none = public; a team token = that
 * team (public view plus its own results, even during a freeze); a jury session = everything.
 */
export type LiveAudience = 'public' | 'team' | 'jury';

export interface TaskLiveState {
  task: string;
  clock: TaskClock;
  leaderboard: LeaderboardData;
}

/** A submission as a ticker shows it: `pending` until its settle event arrives. */
export interface RecentSubmission extends SubmissionReceivedData {
  outcome: SubmissionOutcome | 'pending';
  settledAt: string | null;
  /** Null for pending, rejected, or hidden by a freeze. */
  scores: Record<string, number | null> | null;
  /** Received after the task's freeze (then, for the public, it stays `pending`). */
  afterFreeze?: boolean;
}

/**
 * `frozen`: a public or team resume while a board is frozen always gets a snapshot, whatever
 * happened meanwhile - whether a replay would carry a board frame could hint at hidden results.
 */
export type SnapshotReason = 'initial' | 'since_unknown' | 'too_far_behind' | 'frozen';

export interface LiveSnapshot {
  /** Log position this state reflects: live frames continue from here. */
  seq: number;
  reason: SnapshotReason;
  audience: LiveAudience;
  /** Team slug when audience is `team`. */
  team: string | null;
  event: EventPublicView;
  tasks: TaskLiveState[];
  /** Newest first, at most LIVE_RECENT_SUBMISSIONS; a team's snapshot holds its own only. */
  recentSubmissions: RecentSubmission[];
  /** Announcements still in force. */
  announcements: AnnouncementData[];
  /** What `follow=director` screens must show now; null or absent = nothing pinned. */
  director?: DirectorState | null;
  /**
   * The latest ceremony's revealed steps per task (official; a jury snapshot also has the latest
   * rehearsal's, `rehearsal: true`). Absent or empty: no ceremony step yet.
   */
  reveals?: RevealSnapshot[];
  serverTime: string;
}

export interface LiveReplay {
  since: number;
  /** Log position after the replay (>= the last frame's seq: trailing entries may be filtered). */
  seq: number;
  audience: LiveAudience;
  team: string | null;
  /** In seq order; superseded leaderboard frames may be folded into the latest one per task. */
  frames: FeedFrame[];
  serverTime: string;
}

/**
 * Consecutive frames of one stream sent as one message (one socket write, one decode), e.g. an
 * upload's `submission.received`, its result and the board change it caused. `frames[i].prev` is
 * `frames[i - 1].seq`; `frames[0].prev` chains to whatever the stream sent before.
 */
export interface LiveFeedBatch {
  frames: FeedFrame[];
}

export interface LiveHeartbeat {
  /** Seq of the last frame this audience's stream carried: a client behind it has missed frames. */
  seq: number;
  serverTime: string;
}

export type LiveErrorCode =
  | 'subscribe.invalid'
  | 'event.not_found'
  | 'auth.invalid_token'
  | 'auth.expired'
  | 'server.unavailable'
  /** Too many `subscribe` messages on one socket: retry later (a socket far over the limit is dropped). */
  | 'subscribe.rate_limited'
  /** Too many failed token checks from this address (REST and live share the count): retry later. */
  | 'auth.rate_limited';

export interface LiveError {
  code: LiveErrorCode;
  message: string;
  event?: string;
  problems?: Problem[];
}

/** For `socket.io` / `socket.io-client` generics: `Server<LiveClientToServerEvents, LiveServerToClientEvents>`. */
export interface LiveServerToClientEvents {
  snapshot: (snapshot: LiveSnapshot) => void;
  replay: (replay: LiveReplay) => void;
  feed: (frame: FeedFrame) => void;
  'feed-batch': (batch: LiveFeedBatch) => void;
  heartbeat: (heartbeat: LiveHeartbeat) => void;
  'live-error': (error: LiveError) => void;
}

export interface LiveClientToServerEvents {
  subscribe: (request: SubscribeRequest) => void;
}

/** Connection health as a screen shows it. */
export type LiveHealthStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveHealth {
  status: LiveHealthStatus;
  /** When the current status began. */
  since: string;
  /** Last time anything arrived from the server (snapshot, replay, frame, heartbeat). */
  lastUpdateAt: string | null;
  lastSeq: number | null;
  transport: 'websocket' | 'polling' | null;
  /** Reconnection attempts since the last time the feed was live. */
  attempts: number;
  error: LiveError | null;
}

/** Frames of an incoming batch, or null when it is not one (a malformed frame inside is left to isFeedFrame). */
export function batchFrames(input: unknown): unknown[] | null {
  if (typeof input !== 'object' || input === null) return null;
  const frames = (input as Record<string, unknown>).frames;
  return Array.isArray(frames) ? frames : null;
}

/** Cheap structural check of an incoming frame, so a malformed one is dropped, not applied. */
export function isFeedFrame(input: unknown): input is FeedFrame {
  if (typeof input !== 'object' || input === null) return false;
  const f = input as Record<string, unknown>;
  return (
    Number.isSafeInteger(f.seq) &&
    Number.isSafeInteger(f.prev) &&
    typeof f.type === 'string' &&
    typeof f.at === 'string' &&
    typeof f.event === 'string' &&
    typeof f.data === 'object' &&
    f.data !== null
  );
}
