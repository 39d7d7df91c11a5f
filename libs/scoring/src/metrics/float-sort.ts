// Ascending sort of finite doubles by LSD radix on their bits: 100k scores sort in about a fifth
// of the time `Float64Array.prototype.sort` takes (it dominated the AUC of a 100k-row file).

// Below this size the native sort is as fast and allocates nothing.
const RADIX_MIN = 2048;
const BITS = 16;
const BINS = 1 << BITS;
// The word split below assumes little-endian doubles (every platform Node runs on).
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Sorts `values` in place, ascending, exactly as `Float64Array.prototype.sort` would for finite
 * values with no -0 (callers add 0 to turn -0 into +0; NaN is not expected). Returns `values`.
 */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN || !LITTLE_ENDIAN) return values.sort();
  // IEEE 754 order as unsigned integers: flip every bit of negatives, only the sign of the rest.
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1]!;
    const negative = h >>> 31;
    hi[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    lo[i] = negative ? ~words[2 * i]! >>> 0 : words[2 * i]!;
  }
  let hiTmp = new Uint32Array(n);
  let loTmp = new Uint32Array(n);
  const counts = new Uint32Array(BINS);
  // Four 16-bit digits, least significant first; a digit equal on every value is skipped.
  for (let pass = 0; pass < 4; pass++) {
    const src = pass < 2 ? lo : hi;
    const shift = (pass & 1) * BITS;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(src[i]! >>> shift) & (BINS - 1)]++;
    if (counts[(src[0]! >>> shift) & (BINS - 1)] === n) continue;
    let sum = 0;
    for (let b = 0; b < BINS; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = counts[(src[i]! >>> shift) & (BINS - 1)]++;
      hiTmp[at] = hi[i]!;
      loTmp[at] = lo[i]!;
    }
    [hi, hiTmp] = [hiTmp, hi];
    [lo, loTmp] = [loTmp, lo];
  }
  for (let i = 0; i < n; i++) {
    const h = hi[i]!;
    const negative = !(h >>> 31);
    words[2 * i + 1] = negative ? ~h : h & 0x7fffffff;
    words[2 * i] = negative ? ~lo[i]! : lo[i]!;
  }
  return values;
}
