// Problems a submission request can be refused with. Each has a stable `type` (see
// SUBMISSION_PROBLEM_TYPES in @podium/contracts) and a detail that says when and what to do.
import { DomainError } from '../../common/errors/domain-error.js';

export const windowNotOpen = (task: string, opensAt: Date) =>
  new DomainError('submission-window-not-open', 403, 'Submissions are not open yet', `Task "${task}" opens for submissions at ${opensAt.toISOString()}.`);

export const windowClosed = (task: string, closesAt: Date, graceSeconds: number, reason: 'started_after_close' | 'completed_after_grace') =>
  new DomainError(
    'submission-window-closed',
    403,
    'Submissions are closed',
    reason === 'started_after_close'
      ? `Task "${task}" closed at ${closesAt.toISOString()}; uploads are no longer accepted.`
      : `Task "${task}" closed at ${closesAt.toISOString()}: an upload that started in time had to be complete ${graceSeconds === 0 ? 'by then' : `within ${graceSeconds} s after it`}, and this one was not.`,
  );

/**
 * 429. The body carries `limit`, `perMinutes`, `nextSlotAt` and `retryAfterSeconds`
 * (QuotaExceededProblem in @podium/contracts); the controller adds the same instant as headers,
 * `Retry-After` (whole seconds) and `Podium-Next-Slot-At`.
 */
export class QuotaExceededError extends DomainError {
  constructor(
    task: string,
    limit: number,
    perMinutes: number,
    readonly nextSlotAt: Date | null,
    readonly retryAfterSeconds: number,
  ) {
    super(
      'quota-exceeded',
      429,
      'Submission quota used up',
      nextSlotAt
        ? `Task "${task}" allows ${limit} submission(s) per ${perMinutes} minutes; your next slot frees at ${nextSlotAt.toISOString()} (in ${retryAfterSeconds} s). Rejected and failed submissions do not count.`
        : `Task "${task}" allows no submission.`,
      undefined,
      { limit, perMinutes, nextSlotAt: nextSlotAt?.toISOString() ?? null, retryAfterSeconds: nextSlotAt ? retryAfterSeconds : null },
    );
  }
}

/**
 * 429 when a team's uploads keep being rejected: each one costs scoring time every team shares
 * (issue 12: a 44 MB file of unknown ids held the scorer 39 s, and rejections do not count
 * against the quota). Body: `limit`, `perMinutes` (1), `retryAfterSeconds`; header `Retry-After`.
 */
export class RejectedUploadsLimitError extends DomainError {
  constructor(
    limit: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      'rejected-uploads-limit',
      429,
      'Too many rejected uploads',
      `${limit} of your team's uploads were rejected in the last minute; fix the file (GET /api/submissions/:id lists every problem) and upload again in ${retryAfterSeconds} s.`,
      undefined,
      { limit, perMinutes: 1, retryAfterSeconds },
    );
  }
}

export const wrongEvent = (tokenEvent: string, event: string) =>
  new DomainError('wrong-event', 403, 'Forbidden', `Your team token belongs to event "${tokenEvent}", not "${event}".`);

export const invalidIdempotencyKey = () =>
  new DomainError('invalid-idempotency-key', 400, 'Bad request', 'Idempotency-Key must be 1 to 128 visible ASCII characters (a UUID is a good choice).');

export const idempotencyKeyReused = (key: string) =>
  new DomainError(
    'idempotency-key-reused',
    422,
    'Idempotency key already used',
    `Idempotency-Key "${key}" was already used by your team for another task; use a new key for each new submission.`,
  );

export const submissionNotFound = (id: string) => new DomainError('submission-not-found', 404, 'Submission not found', `No submission ${id} for your team.`);
