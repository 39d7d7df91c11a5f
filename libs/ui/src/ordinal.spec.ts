import { describe, expect, it } from 'vitest';
import { formatOrdinal } from './ordinal.js';

describe('formatOrdinal', () => {
  it('says English ordinals, teens included', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map((n) => formatOrdinal(n, 'en'))).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th']);
  });
  it('says French ordinals', () => {
    expect([1, 2, 3, 20].map((n) => formatOrdinal(n, 'fr'))).toEqual(['1er', '2e', '3e', '20e']);
  });
});
