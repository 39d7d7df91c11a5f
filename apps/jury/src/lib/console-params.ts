// The console's address: `?event=<slug>&lang=fr|en#<view>`. The view sits in the hash so a
// reload or a shared link opens the same page without a server round trip.
import type { Language } from '@podium/contracts';
import { pageLanguage } from '@podium/ui';

export const VIEWS = ['boards', 'submissions', 'teams', 'announce', 'director', 'ceremony', 'sessions', 'audit'] as const;
export type ViewName = (typeof VIEWS)[number];

export interface ConsoleParams {
  event: string | null;
  lang: Language;
  view: ViewName;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

export function parseConsoleParams(search: string, hash: string, browserLanguage: string | undefined, storedLang: string | null): ConsoleParams {
  const query = new URLSearchParams(search);
  const event = query.get('event')?.trim().toLowerCase() ?? '';
  const lang = pageLanguage(search, storedLang, browserLanguage, 'en');
  return { event: SLUG.test(event) ? event : null, lang, view: viewFromHash(hash) };
}

/** `#ceremony` (or `#/ceremony`) -> that view; anything else -> the boards. */
export function viewFromHash(hash: string): ViewName {
  const raw = hash.replace(/^#\/?/, '');
  return (VIEWS as readonly string[]).includes(raw) ? (raw as ViewName) : 'boards';
}

export function isSlug(value: string): boolean {
  return SLUG.test(value);
}
