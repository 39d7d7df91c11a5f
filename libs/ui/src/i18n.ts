// Translation shared by every screen: each app adds its own dictionary to the common one, and one
// translator fills `{name}` placeholders the same way everywhere.
import type { Language } from '@podium/contracts';

export type Dictionary<K extends string> = Record<K, string>;

/** French and English dictionaries with the same keys (checked by `checkDictionaries` in tests). */
export type Messages<K extends string> = Record<Language, Dictionary<K>>;

export type Translate<K extends string = string> = (key: K, params?: Record<string, string | number>) => string;

/** One dictionary to a translator; an unknown placeholder stays visible so a gap is seen, not hidden. */
export function createTranslator<K extends string>(dictionary: Dictionary<K>): Translate<K> {
  return (key, params) =>
    dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}

/** An app's messages over the common ones (an app may reword a common key for its own screen). */
export function mergeMessages<A extends string, B extends string>(base: Messages<A>, extra: Messages<B>): Messages<A | B> {
  return {
    fr: { ...base.fr, ...extra.fr } as Dictionary<A | B>,
    en: { ...base.en, ...extra.en } as Dictionary<A | B>,
  };
}

/** Problems of a FR/EN pair: a key missing on one side, an empty text, placeholders that differ. */
export function dictionaryProblems(messages: Messages<string>): string[] {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  const problems: string[] = [];
  const keys = new Set([...Object.keys(messages.fr), ...Object.keys(messages.en)]);
  for (const key of keys) {
    const fr = messages.fr[key];
    const en = messages.en[key];
    if (fr === undefined || en === undefined) problems.push(`${key}: missing in ${fr === undefined ? 'fr' : 'en'}`);
    else if (fr.trim() === '' || en.trim() === '') problems.push(`${key}: empty text`);
    else if (placeholders(fr) !== placeholders(en)) problems.push(`${key}: placeholders differ (fr {${placeholders(fr)}} en {${placeholders(en)}})`);
  }
  return problems;
}

/**
 * A page's language: `?lang=fr|en` in its address first (a printed link or QR code chooses it),
 * then the device's saved choice, then the browser's language, then `fallback`.
 */
export function pageLanguage(search: string, stored: string | null, browserLanguage: string | undefined, fallback: Language): Language {
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'fr' || asked === 'en') return asked;
  if (stored === 'fr' || stored === 'en') return stored;
  return languageFromBrowser(browserLanguage, fallback);
}

/** The device's language when it is one we speak, else `fallback` (a venue screen: French; a phone: English). */
export function languageFromBrowser(browserLanguage: string | undefined, fallback: Language = 'fr'): Language {
  const tag = (browserLanguage ?? '').toLowerCase();
  if (tag.startsWith('en')) return 'en';
  if (tag.startsWith('fr')) return 'fr';
  return fallback;
}
