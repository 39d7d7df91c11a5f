/**
 * Life of a submission: `queued` -> `scoring` -> `scored` | `rejected` (its content is invalid,
 * the team must fix it) | `failed` (our side broke: a crash, a bug, a lost worker).
 */
export type SubmissionStatus = 'queued' | 'scoring' | 'scored' | 'rejected' | 'failed';

export const SUBMISSION_STATUSES: readonly SubmissionStatus[] = ['queued', 'scoring', 'scored', 'rejected', 'failed'];
