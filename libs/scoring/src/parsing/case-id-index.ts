// Finds a case from an id cell without making a string: 100k-row submissions in any row order
// stay within the time budget. The ids' characters live in one flat array: probing strings
// scattered over the heap cost ~10x more in shuffled files (cache misses on every pointer).

/** Open-addressing table of the key's normalised ids, hashed over UTF-16 code units (FNV-1a). */
export class CaseIdIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly byId: Map<string, number>;
  private readonly chars: Uint16Array;
  private readonly offsets: Int32Array;
  /** 1 where the id is ASCII without a dot: a cell equal to it up to ASCII case needs no other normalisation. */
  private readonly simple: Uint8Array;

  constructor(ids: readonly string[]) {
    const n = ids.length;
    this.offsets = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) this.offsets[k + 1] = this.offsets[k]! + ids[k]!.length;
    this.chars = new Uint16Array(this.offsets[n]!);
    this.simple = new Uint8Array(n);
    let size = 16;
    while (size < n * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.byId = new Map();
    for (let k = 0; k < n; k++) {
      const id = ids[k]!;
      let simple = 1;
      for (let i = 0; i < id.length; i++) {
        const c = id.charCodeAt(i);
        this.chars[this.offsets[k]! + i] = c;
        if (c === 46 || c > 127) simple = 0;
      }
      this.simple[k] = simple;
      if (this.byId.has(id)) continue;
      this.byId.set(id, k);
      let h = hashString(id) & this.mask;
      while (this.slots[h] !== 0) h = (h + 1) & this.mask;
      this.slots[h] = k + 1;
    }
  }

  /** The case of an already-normalised id. */
  get(id: string): number | undefined {
    return this.byId.get(id);
  }

  /**
   * The case of text[start, end) if the cell needs no more normalisation than trimming spaces
   * and lowercasing ASCII; `null` when it does (a dot, non-ASCII): then use `get(normalizeCaseId(cell))`.
   */
  getRange(text: string, start: number, end: number, guess: number): number | undefined | null {
    while (start < end && text.charCodeAt(start) === 32) start++;
    while (end > start && text.charCodeAt(end - 1) === 32) end--;
    // Rows usually follow the key's order: check the expected case before hashing.
    if (guess < this.simple.length && this.simple[guess] === 1 && this.sameId(guess, text, start, end)) return guess;
    let h = FNV_OFFSET;
    for (let i = start; i < end; i++) {
      let c = text.charCodeAt(i);
      if (c === 46 || c > 127) return null;
      if (c >= 65 && c <= 90) c += 32;
      h = Math.imul(h ^ c, 0x01000193);
    }
    for (let slot = (h >>> 0) & this.mask; ; slot = (slot + 1) & this.mask) {
      const k = this.slots[slot]! - 1;
      if (k < 0) return undefined;
      if (this.sameId(k, text, start, end)) return k;
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

function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// 0x811c9dc5 as an int32: a literal above 2^31 makes `h` a double and the loop ~10x slower.
const FNV_OFFSET = 0x811c9dc5 | 0;
