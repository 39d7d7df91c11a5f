// The submission status union is the wire's (`@podium/contracts`): one list for rules, API and screens.
import type { SubmissionStatusName } from '@podium/contracts';

export type SubmissionStatus = SubmissionStatusName;
export { SUBMISSION_STATUSES } from '@podium/contracts';
