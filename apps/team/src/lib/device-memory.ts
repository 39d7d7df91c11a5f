// What the phone remembers between visits (localStorage): the token until sign-out, the last known
// state (shown with its age when offline), the ranks at the last visit, the language and alerts.
// A storage that throws (private mode, quota) is a phone that remembers nothing - never a crash.
import type { Language, TeamMeResponse } from '@podium/contracts';
import type { LiveState } from '@podium/live-client';

const KEYS = { token: 'podium.team.token', saved: 'podium.team.saved', ranks: 'podium.team.ranks', lang: 'podium.team.lang', alerts: 'podium.team.alerts' } as const;

export interface SavedState {
  /** The team it belongs to (another token on the same phone must not see it). */
  team: string;
  me: TeamMeResponse;
  live: LiveState | null;
  /** Local clock when it was last known fresh. */
  savedAt: number;
}

export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class DeviceMemory {
  constructor(private readonly storage: KeyValueStore | null) {}

  private get(key: string): string | null {
    try {
      return this.storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }
  private set(key: string, value: string | null): void {
    try {
      if (value === null) this.storage?.removeItem(key);
      else this.storage?.setItem(key, value);
    } catch {
      // full or disabled: the page still works, it just forgets
    }
  }
  private json<T>(key: string): T | null {
    const text = this.get(key);
    if (!text) return null;
    try {
      return JSON.parse(text) as T;
    } catch {
      return null;
    }
  }

  get token(): string | null {
    return this.get(KEYS.token);
  }
  set token(value: string | null) {
    this.set(KEYS.token, value);
  }
  saved(team: string | null): SavedState | null {
    const saved = this.json<SavedState>(KEYS.saved);
    return saved && (team === null || saved.team === team) ? saved : null;
  }
  save(state: SavedState): void {
    this.set(KEYS.saved, JSON.stringify(state));
  }
  /** Ranks by task at the last visit, per team. */
  ranks(team: string): Record<string, number | null> | null {
    return this.json<Record<string, Record<string, number | null>>>(KEYS.ranks)?.[team] ?? null;
  }
  saveRanks(team: string, ranks: Record<string, number | null>): void {
    this.set(KEYS.ranks, JSON.stringify({ [team]: ranks }));
  }
  get lang(): Language | null {
    const lang = this.get(KEYS.lang);
    return lang === 'fr' || lang === 'en' ? lang : null;
  }
  set lang(value: Language) {
    this.set(KEYS.lang, value);
  }
  get alerts(): boolean {
    return this.get(KEYS.alerts) === 'on';
  }
  set alerts(value: boolean) {
    this.set(KEYS.alerts, value ? 'on' : null);
  }
  /** Sign-out: the token and everything about the team leave the phone. */
  forgetTeam(): void {
    for (const key of [KEYS.token, KEYS.saved, KEYS.ranks]) this.set(key, null);
  }
}
