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
