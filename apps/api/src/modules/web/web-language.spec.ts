import { describe, expect, it } from 'vitest';
import { pickLanguage } from './web-language.js';

describe('pickLanguage', () => {
  it('takes ?lang= first', () => {
    expect(pickLanguage('fr', 'en-GB,en;q=0.9')).toBe('fr');
    expect(pickLanguage('en', 'fr-FR')).toBe('en');
  });

  it('ignores an unknown ?lang= and reads Accept-Language by quality', () => {
    expect(pickLanguage('de', 'fr-FR,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(pickLanguage(undefined, 'de-DE,de;q=0.9,en;q=0.5,fr;q=0.7')).toBe('fr');
    expect(pickLanguage(undefined, 'fr;q=0,en;q=0.1')).toBe('en');
  });

  it('falls back to English when nothing matches', () => {
    expect(pickLanguage(undefined, undefined)).toBe('en');
    expect(pickLanguage(['fr'], 'de, es;q=0.5')).toBe('en');
  });
});
