// The clock of a task: which phase it is in, and whether an upload arrived in time.
//
// One convention for every deadline, so a dispute has one answer: a deadline instant belongs
// to the period it ends. The task is open at exactly `opensAt` and still open at exactly
// `closesAt`; the board is still live at exactly `freezeAt` (a submission received at that
// millisecond is on the frozen board). Everything strictly after a deadline is past it.

export type TaskPhase = 'upcoming' | 'open' | 'frozen' | 'closed';

export interface TaskClock {
  opensAt: Date;
  closesAt: Date;
  /** Start of the public freeze; null = the board stays live until the close. */
  freezeAt: Date | null;
}

export interface TaskWindow extends TaskClock {
  /** Seconds after `closesAt` during which an upload that started in time may finish. Default 0. */
  graceSeconds?: number;
}

/** A Date that holds an instant (`new Date('garbage')` does not). */
export const isValidInstant = (d: Date): boolean => Number.isFinite(d.getTime());

/**
 * True when the public board is frozen at `now`: strictly after `freezeAt`, whatever the phase.
 * An invalid `freezeAt` counts as frozen: hiding too much is recoverable, a leak is not.
 */
export function isFrozenAt(clock: Pick<TaskClock, 'freezeAt'>, now: Date): boolean {
  return clock.freezeAt !== null && (!isValidInstant(clock.freezeAt) || now.getTime() > clock.freezeAt.getTime());
}

/**
 * Phase of a task at `now`. `closed` wins over `frozen`: after the close the board stays
 * frozen for the public (see `isFrozenAt`) but the task no longer takes submissions.
 */
export function taskPhase(task: TaskClock, now: Date): TaskPhase {
  const t = now.getTime();
  if (t < task.opensAt.getTime()) return 'upcoming';
  if (t > task.closesAt.getTime()) return 'closed';
  if (isFrozenAt(task, now)) return 'frozen';
  return 'open';
}

export type SubmissionWindowVerdict =
  /** Accepted. `inGrace` = started in time but finished after `closesAt`, within the grace. */
  | { kind: 'on_time'; inGrace: boolean }
  /** Body not complete yet and it still may be: the upload must finish by `mustCompleteBy`. */
  | { kind: 'in_progress'; mustCompleteBy: Date }
  | { kind: 'too_early'; opensAt: Date }
  | { kind: 'too_late'; closesAt: Date; graceSeconds: number; reason: 'started_after_close' | 'completed_after_grace' }
  /** A time given is not a valid instant (our bug, not the team's): refuse, and say which. */
  | { kind: 'invalid_clock'; field: 'opensAt' | 'closesAt' | 'receivedStartAt' | 'completedAt' | 'now' };

/** Grace in seconds as used by the rules: missing, negative or not finite -> 0. */
export function effectiveGraceSeconds(graceSeconds: number | undefined): number {
  return graceSeconds !== undefined && Number.isFinite(graceSeconds) && graceSeconds > 0 ? graceSeconds : 0;
}

/** The last instant at which an upload that started in time may complete. */
export function uploadDeadline(task: TaskWindow): Date {
  return new Date(task.closesAt.getTime() + effectiveGraceSeconds(task.graceSeconds) * 1000);
}

/**
 * Is an upload in time? Judged on the server's clock:
 * - it must start at or after `opensAt` (else `too_early`) and at or before `closesAt`
 *   (else `too_late`, `started_after_close`);
 * - its body must be complete at or before `closesAt + graceSeconds` (else `too_late`,
 *   `completed_after_grace`). With the default grace of 0 the body must be complete by `closesAt`.
 * `completedAt` is null while the body is still arriving: the verdict is then `in_progress`
 * (with the deadline to enforce) or already `too_late` when `now` is past that deadline,
 * so the server can refuse on the headers without waiting for the body.
 */
export function submissionWindow(
  task: TaskWindow,
  receivedStartAt: Date,
  completedAt: Date | null,
  now: Date,
): SubmissionWindowVerdict {
  const times = { opensAt: task.opensAt, closesAt: task.closesAt, receivedStartAt, completedAt, now } as const;
  for (const [field, d] of Object.entries(times) as [keyof typeof times, Date | null][]) {
    if (d !== null && !isValidInstant(d)) return { kind: 'invalid_clock', field };
  }
  const graceSeconds = effectiveGraceSeconds(task.graceSeconds);
  const close = task.closesAt.getTime();
  const deadline = close + graceSeconds * 1000;
  const start = receivedStartAt.getTime();
  if (start < task.opensAt.getTime()) return { kind: 'too_early', opensAt: task.opensAt };
  if (start > close) return { kind: 'too_late', closesAt: task.closesAt, graceSeconds, reason: 'started_after_close' };
  // A body cannot complete before it started; a skewed value is read as "at the start".
  const end = completedAt === null ? null : Math.max(completedAt.getTime(), start);
  if (end === null) {
    if (now.getTime() > deadline) {
      return { kind: 'too_late', closesAt: task.closesAt, graceSeconds, reason: 'completed_after_grace' };
    }
    return { kind: 'in_progress', mustCompleteBy: new Date(deadline) };
  }
  if (end > deadline) return { kind: 'too_late', closesAt: task.closesAt, graceSeconds, reason: 'completed_after_grace' };
  return { kind: 'on_time', inGrace: end > close };
}
