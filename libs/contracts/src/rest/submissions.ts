// Submission problem types and REST paths (shapes: submissions.schema.ts).
/** The problem `type`s a submission request can answer with (RFC 9457 `type` member). */
export const SUBMISSION_PROBLEM_TYPES = {
  notOpen: '/problems/submission-window-not-open',
  closed: '/problems/submission-window-closed',
  quota: '/problems/quota-exceeded',
  rejectedUploads: '/problems/rejected-uploads-limit',
  tooLarge: '/problems/payload-too-large',
  noFile: '/problems/submission-file-missing',
  unauthorized: '/problems/unauthorized',
} as const;

export function submissionsPath(event: string, task: string): string {
  return `/api/events/${encodeURIComponent(event)}/tasks/${encodeURIComponent(task)}/submissions`;
}

export function submissionPath(id: string): string {
  return `/api/submissions/${encodeURIComponent(id)}`;
}

export function leaderboardPath(event: string, task: string): string {
  return `/api/events/${encodeURIComponent(event)}/tasks/${encodeURIComponent(task)}/leaderboard`;
}
