import { describe, expect, it } from 'vitest';
import { flipMoves } from './flip.js';

describe('flipMoves', () => {
  it('animates only rows that moved, from their old place', () => {
    const before = new Map([
      ['a', { left: 0, top: 0 }],
      ['b', { left: 0, top: 80 }],
      ['c', { left: 0, top: 160 }],
    ]);
    const after = new Map([
      ['b', { left: 0, top: 0 }],
      ['a', { left: 0, top: 80 }],
      ['c', { left: 0, top: 160 }],
      ['d', { left: 900, top: 0 }],
    ]);
    expect(flipMoves(before, after)).toEqual([
      { key: 'b', dx: 0, dy: 80 },
      { key: 'a', dx: 0, dy: -80 },
    ]);
  });

  it('follows a row across columns and ignores sub-pixel jitter', () => {
    expect(flipMoves(new Map([['a', { left: 0, top: 720 }]]), new Map([['a', { left: 940, top: 0 }]]))).toEqual([{ key: 'a', dx: -940, dy: 720 }]);
    expect(flipMoves(new Map([['a', { left: 0, top: 0.4 }]]), new Map([['a', { left: 0, top: 0 }]]))).toEqual([]);
  });
});
