import { describe, expect, it } from 'vitest';
import { COLUMN_GAP_PX, ROW_GAP_PX, glides, slotOf, slotTransform } from './glide.js';

const slots = (keys: string[]) => new Map(keys.map((key, index) => [key, index]));

describe('glides', () => {
  it('moves only rows that changed index, back from their old slot', () => {
    expect(glides(slots(['a', 'b', 'c']), ['b', 'a', 'c', 'd'])).toEqual([
      { key: 'b', columns: 0, rows: 1 },
      { key: 'a', columns: 0, rows: -1 },
    ]);
    expect(glides(slots(['a', 'b']), ['a', 'b'])).toEqual([]);
  });

  it('follows a row across the two columns of ten', () => {
    expect(slotOf(13)).toEqual({ columns: 1, rows: 3 });
    // From the top of the second column (index 10) to the top of the first: one column right of its new slot.
    expect(glides(slots(['x', 'y', ...'abcdefgh'.split(''), 'climber']), ['climber', 'x'])).toEqual([
      { key: 'climber', columns: 1, rows: 0 },
      { key: 'x', columns: 0, rows: -1 },
    ]);
  });

  it('starts a redirected row from where it is drawn, not from its old slot', () => {
    const inFlight = (key: string) => (key === 'a' ? { columns: 0, rows: -0.5 } : null);
    expect(glides(slots(['a', 'b', 'c']), ['c', 'a', 'b'], inFlight)).toEqual([
      { key: 'c', columns: 0, rows: 2 },
      { key: 'a', columns: 0, rows: -1.5 },
      { key: 'b', columns: 0, rows: -1 },
    ]);
  });

  it('draws an offset as a transform relative to the row box plus the grid gaps', () => {
    expect(slotTransform({ columns: 1, rows: -2 })).toBe(`translate(calc(1 * (100% + ${COLUMN_GAP_PX}px)), calc(-2 * (100% + ${ROW_GAP_PX}px)))`);
  });
});
