import { describe, expect, it } from 'vitest';
import type { LiveHealth } from '@podium/contracts';
import { STALE_AFTER_MS, liveIndicator } from './live-indicator.js';

const T0 = Date.parse('2019-10-12T12:00:00Z');

function health(status: LiveHealth['status'], since = T0, lastUpdateAt: number | null = T0): LiveHealth {
  const lastUpdate = lastUpdateAt === null ? null : new Date(lastUpdateAt).toISOString();
  return { status, since: new Date(since).toISOString(), lastUpdateAt: lastUpdate, lastSeq: 1, transport: 'websocket', attempts: 0, error: null };
}

describe('liveIndicator', () => {
  it('is discreet while live and reports the update age', () => {
    expect(liveIndicator(health('live', T0, T0 - 4000), T0)).toEqual({ level: 'live', notLiveSince: null, ageSeconds: 4 });
  });

  it('stays discreet for a short reconnect, then says the board is stale', () => {
    const lost = health('reconnecting', T0, T0 - 1000);
    expect(liveIndicator(lost, T0 + 2000).level).toBe('degraded');
    expect(liveIndicator(lost, T0 + STALE_AFTER_MS)).toEqual({ level: 'stale', notLiveSince: new Date(T0).toISOString(), ageSeconds: 11 });
  });

  it('is stale at once when offline, and before any data', () => {
    expect(liveIndicator(health('offline', T0), T0).level).toBe('stale');
    expect(liveIndicator(health('connecting', T0, null), T0 + 20_000)).toMatchObject({ level: 'stale', ageSeconds: null });
  });
});
