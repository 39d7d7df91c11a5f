import type { LocalizedText } from './localized-text.schema.js';

export type { LocalizedText };
export type Language = keyof LocalizedText;

export function pickText(text: LocalizedText, lang: Language): string {
  return text[lang] || text.en;
}
