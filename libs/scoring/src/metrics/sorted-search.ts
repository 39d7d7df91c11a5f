// Binary searches in ascending arrays (ranks, C-index pair counts).

/** Number of values strictly below `v`. */
export function lowerBound(sorted: ArrayLike<number>, v: number): number {
  return firstIndex(sorted, (x) => x >= v);
}

/** Number of values at or below `v`. */
export function upperBound(sorted: ArrayLike<number>, v: number): number {
  return firstIndex(sorted, (x) => x > v);
}

/** First index whose value passes `test` (a test that stays true once true), or the length. */
function firstIndex(sorted: ArrayLike<number>, test: (x: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(sorted[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
