// Ascending sort of finite doubles by LSD radix on their bits: 100k scores sort in about a fifth
// of the time `Float64Array.prototype.sort` takes (it dominated the AUC of a 100k-row file).

// Below this size the native sort is as fast and allocates nothing.
const RADIX_MIN = 2048;
const BITS = 16;
const BINS = 1 << BITS;
const DIGIT = BINS - 1;
// The word split below assumes little-endian doubles (every platform Node runs on).
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Sorts `values` in place, ascending, exactly as `Float64Array.prototype.sort` would for finite
 * values with no -0 (callers add 0 to turn -0 into +0; NaN is not expected). Returns `values`.
 */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN || !LITTLE_ENDIAN) return values.sort();
  let src: Float64Array = values;
  let dst: Float64Array = new Float64Array(n);
  // IEEE 754 order as unsigned integers: every bit of a negative flipped, only the sign of the rest.
  // Word 2i is the low half of value i, 2i + 1 the high half (with the sign).
  const words = new Uint32Array(src.buffer, src.byteOffset, 2 * n);
  const counts = new Uint32Array(4 * BINS);
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1]!;
    const flip = hi >>> 31 ? 0xffffffff : 0;
    const lo = words[2 * i]! ^ flip;
    const top = (hi ^ (flip | 0x80000000)) >>> 0;
    counts[lo & DIGIT]++;
    counts[BINS + (lo >>> BITS)]++;
    counts[2 * BINS + (top & DIGIT)]++;
    counts[3 * BINS + (top >>> BITS)]++;
  }
  // Four 16-bit digits, least significant first; a digit equal on every value is skipped.
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * BINS;
    let sum = 0;
    let skip = false;
    for (let b = base; b < base + BINS; b++) {
      const c = counts[b]!;
      if (c === n) skip = true;
      counts[b] = sum;
      sum += c;
    }
    if (skip) continue;
    const from = new Uint32Array(src.buffer, src.byteOffset, 2 * n);
    const word = pass >> 1;
    const shift = (pass & 1) * BITS;
    for (let i = 0; i < n; i++) {
      const hi = from[2 * i + 1]!;
      const flip = hi >>> 31 ? 0xffffffff : 0;
      const key = word === 0 ? from[2 * i]! ^ flip : hi ^ (flip | 0x80000000);
      dst[counts[base + ((key >>> shift) & DIGIT)]++] = src[i]!;
    }
    [src, dst] = [dst, src];
  }
  if (src !== values) values.set(src);
  return values;
}
