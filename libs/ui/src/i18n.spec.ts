import { describe, expect, it } from 'vitest';
import { commonMessages } from './common-messages.js';
import { createTranslator, dictionaryProblems, languageFromBrowser, mergeMessages, pageLanguage } from './i18n.js';

describe('i18n', () => {
  it('has every common key in both languages with the same placeholders', () => {
    expect(dictionaryProblems(commonMessages)).toEqual([]);
  });

  it('names a key missing on one side and placeholders that differ', () => {
    const broken = { fr: { a: 'x {n}', b: 'y' }, en: { a: 'x {m}' } } as never;
    expect(dictionaryProblems(broken)).toEqual(['a: placeholders differ (fr {n} en {m})', 'b: missing in en']);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(createTranslator(commonMessages.fr)('health.notLiveSince', { time: '14:32' })).toBe('Hors direct depuis 14:32');
    expect(createTranslator(commonMessages.en)('health.notLiveSince')).toBe('Not live since {time}');
  });

  it('lets an app add and reword keys', () => {
    const merged = mergeMessages(commonMessages, { fr: { 'col.team': 'Nous', extra: 'en plus' }, en: { 'col.team': 'Us', extra: 'more' } });
    expect(createTranslator(merged.en)('col.team')).toBe('Us');
    expect(createTranslator(merged.fr)('extra')).toBe('en plus');
    expect(createTranslator(merged.fr)('col.rank')).toBe('Rang');
  });

  it('follows the device when it speaks French or English, else the fallback', () => {
    expect(languageFromBrowser('en-US')).toBe('en');
    expect(languageFromBrowser('fr-CA', 'en')).toBe('fr');
    expect(languageFromBrowser('de')).toBe('fr');
    expect(languageFromBrowser('de', 'en')).toBe('en');
    expect(languageFromBrowser(undefined)).toBe('fr');
  });

  it("takes a page's language from its address, then the saved choice, then the device", () => {
    expect(pageLanguage('?event=x&lang=fr', 'en', 'en-US', 'en')).toBe('fr');
    expect(pageLanguage('?lang=en', 'fr', 'fr-FR', 'fr')).toBe('en');
    expect(pageLanguage('?lang=de', 'fr', 'en-US', 'en')).toBe('fr'); // an unknown value is ignored
    expect(pageLanguage('', null, 'fr-BE', 'en')).toBe('fr');
    expect(pageLanguage('', 'garbage', 'es', 'en')).toBe('en');
  });
});
