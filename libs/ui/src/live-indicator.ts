// Never show a stale board as live: how loudly the screen must say it is not live.
import type { LiveHealth } from '@podium/contracts';

/** Short blips (a reconnect) stay discreet; beyond this the whole board says it is stale. */
export const STALE_AFTER_MS = 10_000;

export interface LiveIndicator {
  /** live: discreet dot; degraded: badge says reconnecting; stale: banner + dimmed board. */
  level: 'live' | 'degraded' | 'stale';
  /** When the feed stopped being live (null while live). */
  notLiveSince: string | null;
  /** Seconds since the last update from the server (null before any). */
  ageSeconds: number | null;
}

export function liveIndicator(health: LiveHealth, now: number): LiveIndicator {
  const ageSeconds = health.lastUpdateAt === null ? null : Math.max(0, Math.floor((now - Date.parse(health.lastUpdateAt)) / 1000));
  if (health.status === 'live') return { level: 'live', notLiveSince: null, ageSeconds };
  const downFor = now - Date.parse(health.since);
  const level = health.status === 'offline' || downFor >= STALE_AFTER_MS ? 'stale' : 'degraded';
  return { level, notLiveSince: health.since, ageSeconds };
}
