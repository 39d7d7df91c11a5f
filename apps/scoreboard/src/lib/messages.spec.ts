import { dictionaryProblems } from '@podium/ui';
import { describe, expect, it } from 'vitest';
import { messages, translator } from './messages.js';

describe('screen messages', () => {
  it('has every key in both languages with the same placeholders', () => {
    expect(dictionaryProblems(messages)).toEqual([]);
  });

  it('holds the common keys and the screen ones', () => {
    expect(translator('fr')('health.notLiveSince', { time: '14:32' })).toBe('Hors direct depuis 14:32');
    expect(translator('en')('ticker.title')).toBe('Latest submissions');
  });
});
