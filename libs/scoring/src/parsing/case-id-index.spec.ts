import { describe, expect, it } from 'vitest';
import { CaseIdIndex } from './case-id-index.js';
import { normalizeCaseId } from './case-id.js';

describe('CaseIdIndex', () => {
  const ids = Array.from({ length: 5000 }, (_, i) => `case${i}`);
  const index = new CaseIdIndex(ids);
  /** Cells laid out as a one-column CSV body (one id per line), looked up in one call. */
  const lookupAll = (cells: string[]) => {
    const starts = new Int32Array(cells.length);
    const ends = new Int32Array(cells.length);
    let text = '';
    cells.forEach((cell, r) => {
      starts[r] = text.length;
      text += cell;
      ends[r] = text.length;
      text += '\n';
    });
    const out = new Int32Array(cells.length);
    index.getRanges(text, starts, ends, 1, 0, cells.length, out);
    return Array.from(out);
  };
  const lookup = (cell: string) => lookupAll([cell])[0];

  it('finds every id in key order, shuffled, and in runs that switch between the two', () => {
    const inOrder = ids.map((_, i) => i);
    expect(lookupAll(inOrder.map((i) => ids[i]!))).toEqual(inOrder);
    const shuffled = inOrder.map((i) => (i * 2657) % 5000);
    expect(lookupAll(shuffled.map((i) => ids[i]!))).toEqual(shuffled);
    const mixed = [...inOrder.slice(0, 100), ...shuffled.slice(0, 300), ...inOrder.slice(100, 400), 'nope', 'case1.dcm', ...inOrder.slice(400, 500)];
    const expected = mixed.map((c) => (c === 'nope' ? -1 : c === 'case1.dcm' ? -2 : (c as number)));
    expect(lookupAll(mixed.map((c) => (typeof c === 'number' ? ids[c]! : c)))).toEqual(expected);
  });
  it('lowercases ASCII and trims spaces like normalizeCaseId', () => {
    expect(lookup('  CASE42 ')).toBe(42);
    expect(lookupAll(['Case0', ' CASE1', 'case2  '])).toEqual([0, 1, 2]);
  });
  it('unknown ids are -1, ids needing full normalisation -2', () => {
    expect(lookup('case5000')).toBe(-1);
    expect(lookup('')).toBe(-1);
    expect(lookup('case1.dcm')).toBe(-2);
    expect(lookup('cäse1')).toBe(-2);
    expect(index.get(normalizeCaseId('CASE1.dcm'))).toBe(1);
  });
  it('finds dotted ids (LUNA16 series uids) in place, in any order; a file extension still means -2', () => {
    const uids = Array.from({ length: 300 }, (_, i) => `1.3.6.1.4.1.14519.5.2.1.6279.6001.${100000 + i}`);
    const dotted = new CaseIdIndex(uids);
    const cells = [...uids.slice(0, 50), ...uids.slice(150, 300).reverse(), ' 1.3.6.1.4.1.14519.5.2.1.6279.6001.100007 ', '1.3.6.1.4.1.14519.5.2.1.6279.6001.100001.NII.GZ', '1.3.6.9'];
    const starts = new Int32Array(cells.length);
    const ends = new Int32Array(cells.length);
    let text = '';
    cells.forEach((cell, r) => {
      starts[r] = text.length;
      text += `${cell}\n`;
      ends[r] = text.length - 1;
    });
    const out = new Int32Array(cells.length);
    dotted.getRanges(text, starts, ends, 1, 0, cells.length, out);
    const expected = [...uids.slice(0, 50).map((_, i) => i), ...uids.slice(150, 300).map((_, i) => 150 + i).reverse(), 7, -2, -1];
    expect(Array.from(out)).toEqual(expected);
    expect(dotted.get(normalizeCaseId(cells[cells.length - 2]!))).toBe(1);
  });
  it('keeps the first of two equal ids', () => expect(new CaseIdIndex(['a', 'b', 'a']).get('a')).toBe(0));
});
