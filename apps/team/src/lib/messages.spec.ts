import { dictionaryProblems } from '@podium/ui';
import { describe, expect, it } from 'vitest';
import { messages } from './messages.js';

describe('team view messages', () => {
  it('has every key in French and English with the same placeholders', () => {
    expect(dictionaryProblems(messages)).toEqual([]);
  });
});
