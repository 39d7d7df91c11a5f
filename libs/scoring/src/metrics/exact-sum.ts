// Correctly rounded summation (Shewchuk's algorithm, as Python's math.fsum): the result is
// the exact sum of the inputs rounded once. It does not depend on the order of the values,
// so every mean-type score is bit-for-bit invariant to row order, and identical input gives
// identical bits. numpy's pairwise sum (scikit-learn) can differ from it in the last bit only.

/** Exact sum of `values`, rounded once to the nearest double (ties to even). */
export function exactSum(values: ArrayLike<number>): number {
  // Non-overlapping partials of finite doubles never exceed ~40 (2098 exponent bits / 53).
  const partials = new Float64Array(64);
  let count = 0;
  let special = 0;
  for (let k = 0; k < values.length; k++) {
    let x = values[k];
    if (!Number.isFinite(x)) {
      // Infinities and NaN follow IEEE rules and make the exact part irrelevant.
      special += x;
      continue;
    }
    let i = 0;
    for (let j = 0; j < count; j++) {
      let y = partials[j];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials[i] = x;
    count = i + 1;
  }
  if (special !== 0 || Number.isNaN(special)) return special;
  return roundPartials(partials, count);
}

/** Sum of non-overlapping partials (ascending magnitude), rounded half-even as math.fsum does. */
function roundPartials(p: Float64Array, count: number): number {
  let n = count;
  if (n === 0) return 0;
  let hi = p[--n];
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = p[--n];
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}

/** Mean as exactSum / n (one rounding for the sum, one for the division). */
export function exactMean(values: ArrayLike<number>): number {
  return exactSum(values) / values.length;
}
