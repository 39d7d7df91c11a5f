// Dice and HD95 (medpy convention) on hand-worked masks, and HD95 against an independent
// brute-force implementation of medpy's definition (erosion surface, all-pairs distances,
// numpy linear percentile).
import { describe, expect, it } from 'vitest';
import {
  dice,
  hausdorffPercentile,
  hd95,
  imageDiagonal,
  meanDice,
  meanDiceDetailed,
  meanHd95,
  MetricError,
  percentileLinear,
} from '../../src/metrics/index.js';
import type { MaskImage } from '../../src/types.js';
import { boxMask, maskWith, randomMask } from './support/mask-builders.js';

type Vec3 = [number, number, number];
import { createRng } from '../../src/random/index.js';

describe('dice', () => {
  it('2|A∩B| / (|A|+|B|)', () => {
    expect(dice(Uint8Array.of(1, 1, 0, 0), Uint8Array.of(1, 0, 1, 0))).toBe(0.5);
    expect(dice(Uint8Array.of(1, 1, 1, 0), Uint8Array.of(1, 1, 1, 0))).toBe(1);
    expect(dice(Uint8Array.of(1, 0), Uint8Array.of(0, 1))).toBe(0);
  });
  it('empty truth and empty prediction: NaN from dice(); meanDice scores 1 by default or excludes', () => {
    const empty = new Uint8Array(8);
    const half = Uint8Array.of(1, 1, 0, 0, 0, 0, 0, 0);
    expect(dice(empty, empty)).toBeNaN();
    expect(meanDice([empty, half], [empty, half])).toBe(1);
    expect(meanDice([empty, half], [empty, Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0)], { empty: 'exclude' })).toBeCloseTo(2 / 3, 15);
    const r = meanDiceDetailed([empty], [empty], { empty: 'one' });
    expect(Array.from(r.perCase)).toEqual([1]);
    expect(() => meanDice([empty], [empty], { empty: 'exclude' })).toThrowError(/no case left/);
  });
  it('empty truth with a non-empty prediction scores 0; a missing prediction scores 0', () => {
    expect(dice(new Uint8Array(4), Uint8Array.of(0, 1, 0, 0))).toBe(0);
    expect(meanDice([Uint8Array.of(1, 1), Uint8Array.of(1, 0)], [null, Uint8Array.of(1, 0)])).toBe(0.5);
  });
  it('word-wise counting agrees with a byte loop for every alignment, length and density', () => {
    const rnd = createRng(7, 'dice alignment');
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rnd.int(3000);
      const offA = rnd.int(4);
      const offB = rnd.int(4);
      const p = rnd.next();
      const a = new Uint8Array(new ArrayBuffer(n + 8), offA, n);
      const b = new Uint8Array(new ArrayBuffer(n + 8), offB, n);
      let both = 0;
      let total = 0;
      for (let i = 0; i < n; i++) {
        a[i] = rnd.next() < p ? 1 : 0;
        b[i] = rnd.next() < p ? 1 : 0;
        both += a[i] & b[i];
        total += a[i] + b[i];
      }
      const expected = total === 0 ? Number.NaN : (2 * both) / total;
      expect(dice(a, b)).toBe(expected);
    }
  });
  it('full masks past the 255-per-lane block size', () => {
    const a = new Uint8Array(512 * 512).fill(1);
    expect(dice(a, a)).toBe(1);
    const b = new Uint8Array(512 * 512);
    b.fill(1, 0, 512 * 256);
    expect(dice(a, b)).toBe((2 * 512 * 256) / (512 * 512 + 512 * 256));
  });
  it('a value other than 0/1 is refused, in the word path and in the tail', () => {
    const a = new Uint8Array(100);
    const b = new Uint8Array(100);
    b[40] = 255;
    expect(() => dice(a, b)).toThrowError(MetricError);
    const c = new Uint8Array(3);
    c[2] = 2;
    expect(() => dice(new Uint8Array(3), c)).toThrowError(/other than 0 and 1/);
  });
});

describe('percentileLinear (numpy.percentile, method="linear")', () => {
  it('matches numpy 2.4 to the bit', () => {
    const x = [0, 1, 1, 2, 5, 7.5, 7.5, 10, 3, 1.4142135623730951];
    expect(percentileLinear(x, 95)).toBe(8.874999999999996);
    expect(percentileLinear(x, 50)).toBe(2.5);
    expect(percentileLinear(x, 0)).toBe(0);
    expect(percentileLinear(x, 100)).toBe(10);
    expect(percentileLinear(x, 37.3)).toBe(1.6233393206059004);
    const series = (n: number) => Array.from({ length: n }, (_, i) => ((i * 37) % 101) / 9);
    expect(percentileLinear(series(2), 95)).toBe(3.905555555555555);
    expect(percentileLinear(series(3), 95)).toBe(7.81111111111111);
    expect(percentileLinear(series(20), 95)).toBe(10.461111111111112);
    expect(percentileLinear(series(21), 95)).toBe(10.444444444444445);
    expect(percentileLinear(series(101), 95)).toBe(10.555555555555555);
  });
});

describe('hd95 (medpy convention: pooled symmetric surface distances, 95th percentile)', () => {
  it('hand: a 5-pixel segment vs its first 3 pixels, spacing 0.7: pooled [0 x6, 0.7, 1.4] -> numpy 1.1549999999999996', () => {
    // 2D (one slice), one row: every pixel is surface. A->B: 0,0,0,1,2 px; B->A: 0,0,0.
    const a = maskWith([10, 1, 1], [[0, 0, 0], [1, 0, 0], [2, 0, 0], [3, 0, 0], [4, 0, 0]], [0.7, 1, 1]);
    const b = maskWith([10, 1, 1], [[0, 0, 0], [1, 0, 0], [2, 0, 0]], [0.7, 1, 1]);
    expect(hd95(a, b)).toBe(1.1549999999999996);
    expect(hd95(b, a)).toBe(1.1549999999999996);
  });
  it('hand: 3x3x3 cube vs its centre voxel: 26 distances 1, √2, √3 and 1 back -> √3', () => {
    // Sorted pooled: 7 x 1, 12 x √2, 8 x √3; (27 - 1) * 0.95 = 24.7 lies among the √3.
    const cube = boxMask([5, 5, 5], [1, 1, 1], [3, 3, 3]);
    const centre = maskWith([5, 5, 5], [[2, 2, 2]]);
    expect(hd95(cube, centre)).toBe(Math.sqrt(3));
    expect(hausdorffPercentile(cube, centre, 0)).toBe(1); // the smallest pooled distance
  });
  it('honours anisotropic spacing (the truth mask\'s)', () => {
    const a = maskWith([1, 1, 4], [[0, 0, 0]], [1, 1, 2.5]);
    const b = maskWith([1, 1, 4], [[0, 0, 3]], [1, 1, 2.5]);
    expect(hd95(a, b)).toBe(7.5);
  });
  it('identical masks -> 0; empty conventions: both empty 0, one empty Infinity', () => {
    const a = boxMask([8, 8, 1], [2, 2, 0], [5, 6, 0]);
    const empty = maskWith([8, 8, 1], []);
    expect(hd95(a, a)).toBe(0);
    expect(hd95(empty, empty)).toBe(0);
    expect(hd95(a, empty)).toBe(Number.POSITIVE_INFINITY);
    expect(hd95(empty, a)).toBe(Number.POSITIVE_INFINITY);
  });
  it('meanHd95: one-empty and missing cases cost the image diagonal, or a fixed distance', () => {
    const a = boxMask([8, 6, 1], [2, 2, 0], [5, 4, 0], [0.5, 2, 1]);
    const empty = maskWith([8, 6, 1], [], [0.5, 2, 1]);
    const diagonal = imageDiagonal(a); // sqrt((7*0.5)^2 + (5*2)^2)
    expect(diagonal).toBe(Math.sqrt(3.5 * 3.5 + 100));
    expect(meanHd95([a, a], [empty, null])).toBe(diagonal);
    expect(meanHd95([a, a], [a, null], { emptyDistance: 20 })).toBe(10);
  });
  it('refuses masks of different sizes', () => {
    expect(() => hd95(maskWith([4, 4, 1], [[0, 0, 0]]), maskWith([4, 5, 1], [[0, 0, 0]]))).toThrowError(/prediction is 4x5x1/);
  });
  it('agrees with a brute-force medpy replica on random 2D and 3D masks (odd and even widths)', () => {
    const rnd = createRng(2019, 'hd95 vs brute force');
    const shapes: [number, number, number][] = [
      [16, 12, 1],
      [13, 9, 1],
      [12, 10, 7],
      [9, 7, 6],
    ];
    for (let trial = 0; trial < 40; trial++) {
      const dims = shapes[trial % shapes.length];
      const spacing: [number, number, number] = [0.5 + rnd.next(), 0.5 + rnd.next(), 0.5 + 2 * rnd.next()];
      const a = randomMask(dims, 0.15 + 0.5 * rnd.next(), rnd.next, spacing);
      const b = randomMask(dims, 0.15 + 0.5 * rnd.next(), rnd.next, spacing);
      const expected = bruteForceHd95(a, b);
      expect(hd95(a, b)).toBeCloseTo(expected, 12);
      // Every nearest-point search, whatever `auto` picks for this density.
      expect(hausdorffPercentile(a, b, 95, 'grid')).toBeCloseTo(expected, 12);
      expect(hausdorffPercentile(a, b, 95, 'kdtree')).toBeCloseTo(expected, 12);
    }
  });
  it('sparse surfaces far apart (grid and k-d tree agree with brute force)', () => {
    const rnd = createRng(31, 'sparse surfaces');
    for (let trial = 0; trial < 20; trial++) {
      const dims: [number, number, number] = [20, 17, trial % 2 ? 9 : 1];
      const spacing: [number, number, number] = [0.3 + rnd.next(), 0.3 + rnd.next(), 0.5 + rnd.next()];
      const a = randomMask(dims, 0.02, rnd.next, spacing);
      const b = randomMask(dims, 0.02, rnd.next, spacing);
      a.data[0] = 1;
      b.data[b.data.length - 1] = 1;
      const expected = bruteForceHd95(a, b);
      expect(hausdorffPercentile(a, b, 95, 'grid')).toBeCloseTo(expected, 12);
      expect(hausdorffPercentile(a, b, 95, 'kdtree')).toBeCloseTo(expected, 12);
      expect(hausdorffPercentile(a, b, 100, 'grid')).toBe(hausdorffPercentile(a, b, 100, 'kdtree'));
    }
  });
  it('grid search: nearby, beyond the near ball, beyond the far ball, and far-apart surfaces (tree switch) give the same bits as the k-d tree', () => {
    // Shells of a box, shifted by 0..55 voxels along x and y: distances inside the near ball
    // (8 steps), inside the far ball (24), beyond it (windows of mostly misses go to the tree).
    const dims: [number, number, number] = [90, 60, 12];
    const spacing: [number, number, number] = [0.7, 0.9, 2.5];
    const a = boxMask(dims, [2, 2, 1], [30, 25, 10], spacing);
    for (const shift of [0, 1, 3, 7, 12, 20, 30, 55]) {
      const b = boxMask(dims, [2 + shift, 2 + (shift >> 1), 1], [Math.min(89, 20 + shift), Math.min(59, 30 + (shift >> 1)), 9], spacing);
      for (const q of [50, 95, 100]) {
        expect(hausdorffPercentile(a, b, q, 'grid')).toBe(hausdorffPercentile(a, b, q, 'kdtree'));
      }
    }
    // Over 65,536 target points: near misses go to the far ball, then to cube scans of the
    // grid (until their read budget is spent, then to the tree).
    const plates = (parts: [Vec3, Vec3][]) => {
      const m = maskWith([200, 200, 36], [], [1, 1, 1]);
      for (const [from, to] of parts)
        for (let z = from[2]; z <= to[2]; z++)
          for (let y = from[1]; y <= to[1]; y++) m.data.fill(1, (z * 200 + y) * 200 + from[0], (z * 200 + y) * 200 + to[0] + 1);
      return m;
    };
    const bottom = plates([[[0, 0, 0], [199, 199, 1]]]);
    const top = plates([[[0, 0, 34], [99, 199, 35]], [[150, 0, 18], [199, 199, 18]]]);
    for (const q of [50, 95, 100]) {
      expect(hausdorffPercentile(bottom, top, q, 'grid')).toBe(hausdorffPercentile(bottom, top, q, 'kdtree'));
    }
    const small = boxMask([40, 30, 6], [1, 1, 1], [6, 5, 3], [0.8, 0.8, 1.5]);
    const other = boxMask([40, 30, 6], [30, 20, 2], [38, 28, 4], [0.8, 0.8, 1.5]);
    expect(hausdorffPercentile(small, other, 95, 'grid')).toBeCloseTo(bruteForceHd95(small, other), 12);
  });
});

/** medpy.metric.binary.hd95, written the slow obvious way. */
function bruteForceHd95(a: MaskImage, b: MaskImage): number {
  const sa = surface(a);
  const sb = surface(b);
  const directed = (from: number[][], to: number[][]) =>
    from.map((p) =>
      Math.min(
        ...to.map((q) => {
          const dx = (p[0] - q[0]) * a.spacing[0];
          const dy = (p[1] - q[1]) * a.spacing[1];
          const dz = (p[2] - q[2]) * a.spacing[2];
          return Math.sqrt(dx * dx + dy * dy + dz * dz);
        }),
      ),
    );
  return percentileLinear([...directed(sa, sb), ...directed(sb, sa)], 95);
}

/** Foreground voxels with a face neighbour that is background or outside the image. */
function surface(m: MaskImage): number[][] {
  const [nx, ny, nz] = m.dims;
  const at = (x: number, y: number, z: number) =>
    x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz ? 0 : m.data[(z * ny + y) * nx + x];
  const out: number[][] = [];
  const neighbours = nz > 1 ? 6 : 4;
  const steps = [
    [1, 0, 0],
    [-1, 0, 0],
    [0, 1, 0],
    [0, -1, 0],
    [0, 0, 1],
    [0, 0, -1],
  ].slice(0, neighbours);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++)
        if (at(x, y, z) && steps.some(([dx, dy, dz]) => !at(x + dx, y + dy, z + dz))) out.push([x, y, z]);
  return out;
}
