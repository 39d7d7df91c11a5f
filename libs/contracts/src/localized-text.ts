/** Every user-facing string exists in French and English. */
export interface LocalizedText {
  en: string;
  fr: string;
}

export type Language = keyof LocalizedText;

export function pickText(text: LocalizedText, lang: Language): string {
  return text[lang] || text.en;
}
