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

/**
 * As `percentileOfSorted` on the sorted values, without sorting: the two order statistics it
 * reads are found by selection, O(n). Reorders `values` in place.
 */
export function percentileInPlace(values: Float64Array, q: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const virtualIndex = (n - 1) * (q / 100);
  let prev = Math.floor(virtualIndex);
  if (virtualIndex >= n - 1) prev = n - 1;
  else if (virtualIndex < 0) prev = 0;
  selectNth(values, prev);
  // After selection everything past `prev` is >= it: the next order statistic is their minimum.
  let next = values[prev];
  if (prev < n - 1 && virtualIndex < n - 1 && virtualIndex >= 0) {
    next = values[prev + 1];
    for (let i = prev + 2; i < n; i++) if (values[i] < next) next = values[i];
  }
  const gamma = virtualIndex - Math.floor(virtualIndex);
  const lo = values[prev];
  const diff = next - lo;
  return gamma >= 0.5 ? next - diff * (1 - gamma) : lo + diff * gamma;
}

/** Hoare quickselect (median-of-three pivot): values[k] ends as the k-th smallest, smaller before, larger after. */
function selectNth(v: Float64Array, k: number): void {
  let left = 0;
  let right = v.length - 1;
  while (right > left) {
    const m = (left + right) >> 1;
    const a = v[left];
    const b = v[m];
    const c = v[right];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        const t = v[i];
        v[i] = v[j];
        v[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}
