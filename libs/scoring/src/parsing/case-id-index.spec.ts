import { describe, expect, it } from 'vitest';
import { CaseIdIndex } from './case-id-index.js';
import { normalizeCaseId } from './case-id.js';

describe('CaseIdIndex', () => {
  const ids = Array.from({ length: 5000 }, (_, i) => `case${i}`);
  const index = new CaseIdIndex(ids);
  const lookup = (cell: string, guess = 0) => {
    const text = `x,${cell},y`;
    return index.getRange(text, 2, 2 + cell.length, guess);
  };

  it('finds every id from a text range, in any order, whatever the guess', () => {
    for (let i = 4999; i >= 0; i -= 7) expect(lookup(`case${i}`, (i * 31) % 5000)).toBe(i);
  });
  it('lowercases ASCII and trims spaces like normalizeCaseId', () => {
    expect(lookup('  CASE42 ')).toBe(42);
    expect(lookup('Case4999', 4999)).toBe(4999);
  });
  it('unknown ids are undefined, ids needing full normalisation are null', () => {
    expect(lookup('case5000')).toBeUndefined();
    expect(lookup('')).toBeUndefined();
    expect(lookup('case1.dcm')).toBeNull();
    expect(lookup('cäse1')).toBeNull();
    expect(index.get(normalizeCaseId('CASE1.dcm'))).toBe(1);
  });
  it('keeps the first of two equal ids', () => expect(new CaseIdIndex(['a', 'b', 'a']).get('a')).toBe(0));
});
