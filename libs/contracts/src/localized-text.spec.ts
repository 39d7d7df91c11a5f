import { describe, expect, it } from 'vitest';
import { pickText } from './localized-text.js';

describe('pickText', () => {
  it('returns the requested language and falls back to English when empty', () => {
    expect(pickText({ en: 'Board', fr: 'Tableau' }, 'fr')).toBe('Tableau');
    expect(pickText({ en: 'Board', fr: '' }, 'fr')).toBe('Board');
  });
});
