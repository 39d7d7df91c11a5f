import type { LiveHealth } from '@podium/contracts';

/** Whole seconds since anything arrived from the server; null before the first update. */
export function secondsSinceUpdate(health: Pick<LiveHealth, 'lastUpdateAt'>, now: number): number | null {
  if (health.lastUpdateAt === null) return null;
  return Math.max(0, Math.floor((now - Date.parse(health.lastUpdateAt)) / 1000));
}

/** A board may be presented as live only while the feed is live. */
export function isShowingLive(health: Pick<LiveHealth, 'status'>): boolean {
  return health.status === 'live';
}
