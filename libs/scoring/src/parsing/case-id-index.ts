// Finds a case from an id cell without making a string: 100k-row submissions in any row order
// stay within the time budget. The ids' characters live in one flat array: probing strings
// scattered over the heap cost ~10x more in shuffled files (cache misses on every pointer).

import { endsWithCaseIdExtension, normalizeCaseId } from './case-id.js';
import type { CsvTable } from './csv-table.js';

// 0x811c9dc5 as an int32: a literal above 2^31 makes `h` a double and the loop ~10x slower.
const FNV_OFFSET = 0x811c9dc5 | 0;

/** Open-addressing table of the key's normalised ids, hashed over UTF-16 code units (FNV-1a). */
export class CaseIdIndex {
  /** Per slot: case + 1 (0 = empty) at 2i, the id's full hash at 2i + 1 (same cache line: a probe rarely reads the id). */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly byId: Map<string, number>;
  /** The ids' characters, one byte each: an in-place comparison only ever sees ASCII cells, so any other character is stored as 255 (never equal). */
  private readonly chars: Uint8Array;
  private readonly offsets: Int32Array;
  /** 1 where the id is ASCII: a cell equal to it up to ASCII case (and not ending in a file extension) needs no other normalisation. */
  private readonly simple: Uint8Array;

  constructor(ids: readonly string[]) {
    const n = ids.length;
    this.offsets = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) this.offsets[k + 1] = this.offsets[k]! + ids[k]!.length;
    this.chars = new Uint8Array(this.offsets[n]!);
    this.simple = new Uint8Array(n);
    let size = 16;
    while (size < n * 2) size *= 2;
    this.slots = new Int32Array(2 * size);
    this.mask = size - 1;
    this.byId = new Map();
    for (let k = 0; k < n; k++) {
      const id = ids[k]!;
      let simple = 1;
      for (let i = 0; i < id.length; i++) {
        const c = id.charCodeAt(i);
        this.chars[this.offsets[k]! + i] = c > 127 ? 255 : c;
        if (c > 127) simple = 0;
      }
      this.simple[k] = simple;
      if (this.byId.has(id)) continue;
      this.byId.set(id, k);
      const hash = hashString(id);
      let h = hash & this.mask;
      while (this.slots[2 * h] !== 0) h = (h + 1) & this.mask;
      this.slots[2 * h] = k + 1;
      this.slots[2 * h + 1] = hash;
    }
  }

  /** The case of an already-normalised id. */
  get(id: string): number | undefined {
    return this.byId.get(id);
  }

  /**
   * The cases of many id cells found in place: cell r is text[starts[r * stride + column],
   * ends[...]), compared after trimming spaces and lowercasing ASCII. Writes the case to
   * out[r], -1 for no case, -2 when the cell needs more normalisation (non-ASCII, or a file
   * extension such as `.dcm` to strip): then use `get(normalizeCaseId(cell))`. Dotted ids
   * (LUNA16's series uids) are found in place. Rows usually follow the key's order: the case after the previous row's is
   * tried first, while that keeps working. The other rows go through passes (hash every cell,
   * read every cell's slot, then compare) so that the random reads of different rows overlap
   * in the CPU instead of waiting one by one: with one lookup after the other, a shuffled
   * 100k-row file cost 3x one in key order.
   */
  getRanges(text: string, starts: Int32Array, ends: Int32Array, stride: number, column: number, count: number, out: Int32Array): void {
    const hashes = new Int32Array(count);
    // The trimmed cell, kept for the comparisons below.
    const cellStart = new Int32Array(count);
    const cellEnd = new Int32Array(count);
    for (let r = 0; r < count; r++) {
      let start = starts[r * stride + column]!;
      let end = ends[r * stride + column]!;
      while (start < end && text.charCodeAt(start) === 32) start++;
      while (end > start && text.charCodeAt(end - 1) === 32) end--;
      cellStart[r] = start;
      cellEnd[r] = end;
      let h = FNV_OFFSET;
      let state = 0;
      let dot = false;
      for (let i = start; i < end; i++) {
        let c = text.charCodeAt(i);
        if (c > 127) {
          state = -2;
          break;
        }
        if (c === 46) dot = true;
        else if (c >= 65 && c <= 90) c += 32;
        h = Math.imul(h ^ c, 0x01000193);
      }
      hashes[r] = h;
      out[r] = dot && state === 0 && endsWithCaseIdExtension(text, start, end) ? -2 : state;
    }
    const PENDING = -3;
    const n = this.simple.length;
    let guessing = true;
    for (let r = 0; r < count; r++) {
      if (out[r] === -2) continue;
      const previous = r === 0 ? -1 : out[r - 1]!;
      const guess = previous + 1;
      // After a miss, try again only every 64th row: a shuffled file would pay a random read per row.
      if ((guessing || (r & 63) === 0) && (r === 0 || previous >= 0) && guess < n && this.simple[guess] === 1) {
        guessing = this.sameId(guess, text, cellStart[r]!, cellEnd[r]!);
        if (guessing) {
          out[r] = guess;
          continue;
        }
      }
      out[r] = PENDING;
    }
    const slots = this.slots;
    const mask = this.mask;
    const offsets = this.offsets;
    const chars = this.chars;
    // First probe of every pending row, and where its candidate id lies: independent reads.
    const idFrom = new Int32Array(count);
    for (let r = 0; r < count; r++) {
      if (out[r] !== PENDING) continue;
      const slot = hashes[r]! & mask;
      const k = slots[2 * slot]! - 1;
      if (k < 0 || slots[2 * slot + 1] !== hashes[r]) continue;
      const from = offsets[k]!;
      if (offsets[k + 1]! - from !== cellEnd[r]! - cellStart[r]!) continue;
      idFrom[r] = from;
      out[r] = -4 - k;
    }
    // Then the comparisons, each reading one id already located.
    for (let r = 0; r < count; r++) {
      const v = out[r]!;
      if (v >= -2) continue;
      const start = cellStart[r]!;
      const end = cellEnd[r]!;
      // v <= -4 encodes the first probe's candidate case -4 - v.
      if (v <= -4) {
        const from = idFrom[r]! - start;
        let i = start;
        for (; i < end; i++) {
          let c = text.charCodeAt(i);
          if (c >= 65 && c <= 90) c += 32;
          if (c !== chars[from + i]) break;
        }
        if (i === end) {
          out[r] = -4 - v;
          continue;
        }
      }
      out[r] = this.probe(hashes[r]!, text, start, end);
    }
  }

  private probe(h: number, text: string, start: number, end: number): number {
    const slots = this.slots;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const k = slots[2 * slot]! - 1;
      if (k < 0) return -1;
      if (slots[2 * slot + 1] === h && this.sameId(k, text, start, end)) return k;
    }
  }

  private sameId(k: number, text: string, start: number, end: number): boolean {
    const from = this.offsets[k]!;
    if (this.offsets[k + 1]! - from !== end - start) return false;
    for (let i = start; i < end; i++) {
      let c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) c += 32;
      if (c !== this.chars[from + i - start]) return false;
    }
    return true;
  }
}

/** FNV-1a as an int32 (the form `getRange` computes). */
function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * The case of every row's id cell (-1: empty or unknown id). Plain files are looked up in place
 * (`getRanges`); quoted files, and cells needing more normalisation, through `normalizeCaseId`.
 */
export function caseOfRows(table: CsvTable, idCol: number, index: CaseIdIndex): Int32Array {
  const found = new Int32Array(table.rowCount).fill(-2);
  const src = table.source;
  if (src) index.getRanges(src.text, src.starts, src.ends, src.width, idCol, table.rowCount, found);
  for (let r = 0; r < table.rowCount; r++) {
    if (found[r]! >= 0 && table.fieldCount(r) > idCol) continue;
    found[r] = table.fieldCount(r) > idCol && found[r] === -1 ? -1 : (index.get(normalizeCaseId(table.cell(r, idCol))) ?? -1);
  }
  return found;
}
