import type { TeamMeResponse } from '@podium/contracts';
import { describe, expect, it } from 'vitest';
import { DeviceMemory, type KeyValueStore } from './device-memory.js';

class MapStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

const me = { event: 'e', team: { slug: 'alpha', name: 'Alpha', category: null }, tasks: [], serverTime: '2026-12-06T13:00:00Z' } as TeamMeResponse;

describe('DeviceMemory', () => {
  it('remembers the token, the last state of its team, ranks, language and alerts; sign-out forgets the team', () => {
    const store = new MapStore();
    const memory = new DeviceMemory(store);
    memory.token = 'tok';
    memory.save({ team: 'alpha', me, live: null, savedAt: 5 });
    memory.saveRanks('alpha', { lung: 3 });
    memory.lang = 'fr';
    memory.alerts = true;
    expect(memory.saved('alpha')?.savedAt).toBe(5);
    expect(memory.saved('beta')).toBeNull(); // another team's state is never shown
    expect(memory.ranks('alpha')).toEqual({ lung: 3 });
    memory.forgetTeam();
    expect([memory.token, memory.saved(null), memory.ranks('alpha')]).toEqual([null, null, null]);
    expect([memory.lang, memory.alerts]).toEqual(['fr', true]); // device preferences stay
  });

  it('works as a phone that remembers nothing when storage throws or holds garbage', () => {
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const memory = new DeviceMemory(broken);
    memory.token = 'tok';
    expect(memory.token).toBeNull();
    expect(() => memory.forgetTeam()).not.toThrow();
    const garbage = new MapStore();
    garbage.setItem('podium.team.saved', '{not json');
    garbage.setItem('podium.team.lang', 'de');
    const other = new DeviceMemory(garbage);
    expect(other.saved(null)).toBeNull();
    expect(other.lang).toBeNull();
  });
});
