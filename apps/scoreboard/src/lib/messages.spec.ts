import { describe, expect, it } from 'vitest';
import { messages, translator } from './messages.js';

describe('messages', () => {
  it('has every key in both languages with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.fr).sort());
    for (const key of Object.keys(messages.fr) as (keyof typeof messages.fr)[]) {
      expect(messages.en[key].trim(), key).not.toBe('');
      expect(placeholders(messages.en[key]), key).toEqual(placeholders(messages.fr[key]));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translator('fr')('health.notLiveSince', { time: '14:32' })).toBe('Hors direct depuis 14:32');
    expect(translator('en')('health.notLiveSince')).toBe('Not live since {time}');
  });
});
