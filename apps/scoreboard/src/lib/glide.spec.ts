import { describe, expect, it } from 'vitest';
import { placeRows, slotOf } from './glide.js';

describe('row slots', () => {
  it('fills columns of ten, top to bottom', () => {
    expect(slotOf(0)).toEqual({ index: 0, column: 0, row: 0 });
    expect(slotOf(9)).toEqual({ index: 9, column: 0, row: 9 });
    expect(slotOf(13)).toEqual({ index: 13, column: 1, row: 3 });
    expect(slotOf(5, 4)).toEqual({ index: 5, column: 1, row: 1 });
  });

  it('keeps rows in a stable order whatever the ranking, each at the slot of its rank', () => {
    const before = placeRows(['carol', 'alice', 'bob'], (name) => name);
    const after = placeRows(['bob', 'carol', 'alice'], (name) => name);
    expect(before.map((p) => p.key)).toEqual(['alice', 'bob', 'carol']);
    expect(after.map((p) => p.key)).toEqual(['alice', 'bob', 'carol']);
    expect(before.map((p) => p.slot.index)).toEqual([1, 2, 0]);
    expect(after.map((p) => p.slot.index)).toEqual([2, 0, 1]);
    expect(after[0]).toEqual({ key: 'alice', item: 'alice', slot: { index: 2, column: 0, row: 2 } });
  });
});
