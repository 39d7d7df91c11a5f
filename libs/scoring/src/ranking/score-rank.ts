import { lowerBound, upperBound } from '../metrics/sorted-search.js';
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
