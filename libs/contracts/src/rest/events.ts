import type { LocalizedText } from '../localized-text.js';
import type { EventPublicView, TaskPublicView } from '../live/event-view.js';

/** One entry of `GET /api/events`. */
export interface EventSummary {
  slug: string;
  title: LocalizedText;
}

/** A task's schedule state at the server's clock; `frozen` = open, public board frozen. */
export type TaskState = 'upcoming' | 'open' | 'frozen' | 'closed';

export interface TaskDetails extends TaskPublicView {
  state: TaskState;
  /** Seconds after closesAt during which an upload that started in time is still accepted. */
  graceSeconds: number;
}

/** `GET /api/events/:event`: public, audience-safe (no answer key, token or private value). */
export interface EventDetails extends EventPublicView {
  tasks: TaskDetails[];
  /**
   * The event's raw Ed25519 public key (64 lowercase hex digits) that signs its results
   * (`GET /api/events/:event/results`); give it to `podium results verify --public-key`.
   */
  resultsPublicKey: string;
}
