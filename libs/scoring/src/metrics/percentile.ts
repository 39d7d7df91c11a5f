// numpy.percentile with its default `linear` method (numpy >= 1.22, `_quantile` + `_lerp`),
// operation for operation, so a percentile of the same values gives the same bits.

/** q-th percentile (0..100) of values already sorted ascending; NaN when empty. */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const virtualIndex = (n - 1) * (q / 100);
  let prev = Math.floor(virtualIndex);
  let next = prev + 1;
  if (virtualIndex >= n - 1) {
    prev = n - 1;
    next = n - 1;
  } else if (virtualIndex < 0) {
    prev = 0;
    next = 0;
  }
  const gamma = virtualIndex - Math.floor(virtualIndex);
  const lo = sorted[prev];
  const hi = sorted[next];
  const diff = hi - lo;
  // numpy's _lerp interpolates from the nearer end, which keeps the result monotonic in q.
  return gamma >= 0.5 ? hi - diff * (1 - gamma) : lo + diff * gamma;
}

/** q-th percentile (0..100) of values in any order (sorts a copy). */
export function percentileLinear(values: ArrayLike<number>, q: number): number {
  return percentileOfSorted(Float64Array.from(values).sort(), q);
}
