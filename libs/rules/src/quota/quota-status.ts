// Submission quotas over a rolling window, per team and task.
//
// Rule: each counted submission holds one slot for `perMinutes` minutes from its `received_at`;
// the slot frees at exactly `received_at + perMinutes` (a retry at that instant is accepted).
// There is no daily reset at a confusing hour: the window slides with the clock.
import type { SubmissionStatus } from '../model/submission-status.js';

export interface QuotaRule {
  /** Submissions allowed in any window of `perMinutes` minutes. */
  limit: number;
  perMinutes: number;
}

export interface QuotaStatus {
  /** A new submission would be accepted now. */
  allowed: boolean;
  /** Counted submissions holding a slot now (without a quota: all the times given). */
  used: number;
  /** Slots free now; null without a quota (unlimited). */
  remaining: number | null;
  /** When the next slot frees, when none is free now; null when one is free or none ever will be (limit 0). */
  nextSlotAt: Date | null;
  /** Whole seconds until `nextSlotAt`, rounded up (the HTTP `Retry-After` value); 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Only submissions the team is answerable for spend quota: `queued`, `scoring`, `scored`.
 * `rejected` (invalid content, refused with the reasons) and `failed` (our fault) never count.
 */
export function countsAgainstQuota(status: SubmissionStatus): boolean {
  return status === 'queued' || status === 'scoring' || status === 'scored';
}

/**
 * Quota state at `now`. `countedSubmissionTimes` are the `received_at` of the team's submissions
 * to this task that count (filter them with `countsAgainstQuota`); order does not matter.
 * A time after `now` (clock skew between nodes) still holds its slot.
 */
export function quotaStatus(rule: QuotaRule | null | undefined, countedSubmissionTimes: readonly Date[], now: Date): QuotaStatus {
  if (!rule) {
    return { allowed: true, used: countedSubmissionTimes.length, remaining: null, nextSlotAt: null, retryAfterSeconds: 0 };
  }
  const windowMs = rule.perMinutes * 60_000;
  const limit = Number.isFinite(rule.limit) ? Math.max(0, Math.floor(rule.limit)) : 0;
  const t = now.getTime();
  // A slot is held during [receivedAt, receivedAt + window).
  const holding = countedSubmissionTimes
    .map((d) => d.getTime())
    .filter((s) => s + windowMs > t)
    .sort((a, b) => a - b);
  const used = holding.length;
  const remaining = Math.max(0, limit - used);
  if (remaining > 0) return { allowed: true, used, remaining, nextSlotAt: null, retryAfterSeconds: 0 };
  if (limit === 0) return { allowed: false, used, remaining: 0, nextSlotAt: null, retryAfterSeconds: 0 };
  // One slot frees when `used - limit + 1` holders have expired: the oldest ones first.
  const nextSlotAt = new Date(holding[used - limit] + windowMs);
  return { allowed: false, used, remaining: 0, nextSlotAt, retryAfterSeconds: Math.max(1, Math.ceil((nextSlotAt.getTime() - t) / 1000)) };
}
