// Paths and defaults of the rank history (shapes: rank-history.schema.ts).
export const RANK_HISTORY_DEFAULT_TOP = 8;

export function eventPublicPath(event: string): string {
  return `/api/events/${encodeURIComponent(event)}`;
}

export function rankHistoryPath(event: string, task: string, top?: number): string {
  const base = `${eventPublicPath(event)}/tasks/${encodeURIComponent(task)}/history`;
  return top === undefined ? base : `${base}?top=${top}`;
}
