import type { Direction } from '../types.js';

/**
 * Competition ranks ("min" ties: 1, 1, 3) of values where `direction` says which is better.
 * A null or NaN value ranks after every real value; all of them share that last rank.
 */
export function competitionRanks(values: readonly (number | null | undefined)[], direction: Direction): number[] {
  const real = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
  const sorted = Float64Array.from(real).sort();
  return values.map((v) => {
    if (typeof v !== 'number' || Number.isNaN(v)) return real.length + 1;
    // Better values: strictly greater (higher) or strictly smaller (lower).
    const better = direction === 'higher' ? sorted.length - upperBound(sorted, v) : lowerBound(sorted, v);
    return better + 1;
  });
}

function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
