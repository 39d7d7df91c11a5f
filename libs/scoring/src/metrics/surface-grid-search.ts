// Exact nearest-surface distances for surfaces that lie close to each other (a prediction
// near its truth, the normal case): both surfaces are marked in one byte grid over their
// bounding box, and each query walks a list of voxel offsets sorted by distance in mm until it
// meets the other surface. A prediction 2 voxels off costs ~30 byte reads per surface voxel,
// instead of a tree descent. Queries farther than the offset ball go to the k-d tree.
import { KdTree } from './kd-tree.js';
import type { SurfacePoints } from './surface-points.js';

/** Ball radii in steps of the finest spacing: ~2,100 then ~58,000 offsets in 3D (200, 1,800 in 2D). */
const NEAR_STEPS = 8;
const FAR_STEPS = 24;
/** Below this many target points a k-d tree builds in a few ms: near misses go to it, not to the far ball. */
const SMALL_TREE = 65_536;
/** Grid reads per target point spent on far misses (far ball, cube scans) before building the tree is the cheaper bet. */
const FAR_READS_PER_POINT = 64;
/** Queries per window. A window where most queries missed the near ball sends the next 1, 2, 4, ... 64 windows to the tree. */
const WINDOW = 256;
const MAX_SKIP = 64;

/** Bit 1 marks the first surface in the grid, bit 2 the second. */
export interface SurfaceGrid {
  cells: Uint8Array;
  x0: number;
  y0: number;
  z0: number;
  bx: number;
  by: number;
  bz: number;
}

/** The bounding box of both surfaces (non-empty) and its voxel count. */
export function unionBox(a: SurfacePoints, b: SurfacePoints) {
  let x0 = Infinity;
  let y0 = Infinity;
  let z0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let z1 = -Infinity;
  for (const p of [a, b]) {
    const c = p.coords;
    for (let i = 0; i < 3 * p.count; i += 3) {
      if (c[i] < x0) x0 = c[i];
      if (c[i] > x1) x1 = c[i];
      if (c[i + 1] < y0) y0 = c[i + 1];
      if (c[i + 1] > y1) y1 = c[i + 1];
      if (c[i + 2] < z0) z0 = c[i + 2];
      if (c[i + 2] > z1) z1 = c[i + 2];
    }
  }
  const bx = x1 - x0 + 1;
  const by = y1 - y0 + 1;
  const bz = z1 - z0 + 1;
  return { x0, y0, z0, bx, by, bz, volume: bx * by * bz };
}

export function surfaceGrid(a: SurfacePoints, b: SurfacePoints, box: ReturnType<typeof unionBox>): SurfaceGrid {
  const cells = new Uint8Array(box.volume);
  const { x0, y0, z0, bx, by } = box;
  const mark = (p: SurfacePoints, bit: number) => {
    const c = p.coords;
    for (let i = 0; i < 3 * p.count; i += 3) cells[((c[i + 2] - z0) * by + (c[i + 1] - y0)) * bx + (c[i] - x0)] |= bit;
  };
  mark(a, 1);
  mark(b, 2);
  return { cells, ...box };
}

/** Offsets of the ball, sorted by their distance in mm (computed as the distances themselves are). */
interface Ball {
  delta: Int32Array;
  d2: Float64Array;
  dx: Int32Array;
  dy: Int32Array;
  dz: Int32Array;
  /** Largest |offset| per axis: queries at least this far from the box faces skip bounds checks. */
  kx: number;
  ky: number;
  kz: number;
  /** Largest d2 in the ball (-1 when empty). */
  d2Max: number;
}

/** Offsets with inner2 < d2 <= (steps x finest spacing)^2 (the inner ball was searched already). */
function ball(grid: SurfaceGrid, spacing: readonly [number, number, number], steps: number, inner2: number): Ball {
  const [sx, sy, sz] = spacing;
  const r = steps * Math.min(sx, sy, sz);
  const r2 = r * r;
  // +1 then the d2 filter: a floor that rounds down must not drop an offset inside the ball.
  const kx = Math.min(Math.floor(r / sx) + 1, grid.bx - 1);
  const ky = Math.min(Math.floor(r / sy) + 1, grid.by - 1);
  const kz = Math.min(Math.floor(r / sz) + 1, grid.bz - 1);
  const list: { dx: number; dy: number; dz: number; d2: number }[] = [];
  for (let dz = -kz; dz <= kz; dz++) {
    for (let dy = -ky; dy <= ky; dy++) {
      for (let dx = -kx; dx <= kx; dx++) {
        const ex = dx * sx;
        const ey = dy * sy;
        const ez = dz * sz;
        const d2 = ex * ex + ey * ey + ez * ez;
        if (d2 <= r2 && d2 > inner2) list.push({ dx, dy, dz, d2 });
      }
    }
  }
  list.sort((p, q) => p.d2 - q.d2);
  const n = list.length;
  const out: Ball = {
    delta: new Int32Array(n),
    d2: new Float64Array(n),
    dx: new Int32Array(n),
    dy: new Int32Array(n),
    dz: new Int32Array(n),
    kx,
    ky,
    kz,
    d2Max: -1,
  };
  list.forEach((o, i) => {
    out.d2Max = o.d2;
    out.delta[i] = (o.dz * grid.by + o.dy) * grid.bx + o.dx;
    out.d2[i] = o.d2;
    out.dx[i] = o.dx;
    out.dy[i] = o.dy;
    out.dz[i] = o.dz;
  });
  return out;
}

/**
 * For every point of `from`, the distance in mm to the nearest point of `to` (marked with
 * `bit` in `grid`), written to out[offset ..] in `from` order. A hit in the ball is the
 * nearest: every offset with a smaller distance came before it in the list, and every offset
 * outside the ball is farther than all of it. A near miss goes to the k-d tree over `to`
 * (`tree` builds it on demand) when it is small or built already, else to the far ball first
 * then to a cube scan of the grid: a tree over millions of points costs seconds to
 * build, so the tree is built only once far misses have cost ~16 reads per target point. Surfaces far apart:
 * after a window of mostly near misses, the next windows (1, 2, 4, ...) skip the grid.
 */
export function gridDistances(
  from: SurfacePoints,
  toCount: number,
  grid: SurfaceGrid,
  bit: number,
  spacing: readonly [number, number, number],
  tree: () => KdTree,
  out: Float64Array,
  offset: number,
): void {
  const near = ball(grid, spacing, NEAR_STEPS, -1);
  let far: Ball | null = null;
  let built: KdTree | null = null;
  const c = from.coords;
  let skipWindows = 0;
  let backoff = 1;
  let misses = 0;
  const farBudget = FAR_READS_PER_POINT * toCount;
  let farReads = 0;
  for (let i = 0; i < from.count; i++) {
    if (i % WINDOW === 0 && i > 0) {
      if (skipWindows > 0) skipWindows--;
      else if (misses * 2 > WINDOW && (built || toCount <= SMALL_TREE)) {
        skipWindows = backoff;
        backoff = Math.min(2 * backoff, MAX_SKIP);
      } else backoff = 1;
      misses = 0;
    }
    const skipGrid = skipWindows > 0;
    const x = c[3 * i];
    const y = c[3 * i + 1];
    const z = c[3 * i + 2];
    if (!skipGrid) {
      const j = searchBall(grid, near, bit, x, y, z);
      if (j >= 0) {
        out[offset + i] = Math.sqrt(near.d2[j]);
        continue;
      }
      misses++;
      if (!built && toCount > SMALL_TREE && farReads < farBudget) {
        far ??= ball(grid, spacing, FAR_STEPS, near.d2Max);
        const k = searchBall(grid, far, bit, x, y, z);
        farReads += k >= 0 ? k + 1 : far.delta.length;
        if (k >= 0) {
          out[offset + i] = Math.sqrt(far.d2[k]);
          continue;
        }
        const found = cubeSearch(grid, bit, spacing, x, y, z, Math.sqrt(far.d2Max));
        farReads += found.reads;
        out[offset + i] = Math.sqrt(found.d2);
        continue;
      }
    }
    built ??= tree();
    out[offset + i] = built.nearestDistance(x, y, z);
  }
}

/** Index in the ball of the first offset from voxel (x, y, z) landing on `bit`, or -1. */
function searchBall(grid: SurfaceGrid, b: Ball, bit: number, x: number, y: number, z: number): number {
  const { cells, bx, by, bz } = grid;
  const { delta, dx, dy, dz, kx, ky, kz } = b;
  const n = delta.length;
  const qx = x - grid.x0;
  const qy = y - grid.y0;
  const qz = z - grid.z0;
  const q = (qz * by + qy) * bx + qx;
  let j = 0;
  if (qx >= kx && qx < bx - kx && qy >= ky && qy < by - ky && qz >= kz && qz < bz - kz) {
    while (j < n && (cells[q + delta[j]] & bit) === 0) j++;
  } else {
    for (; j < n; j++) {
      const px = qx + dx[j];
      const py = qy + dy[j];
      const pz = qz + dz[j];
      if (px >= 0 && px < bx && py >= 0 && py < by && pz >= 0 && pz < bz && (cells[q + delta[j]] & bit) !== 0) break;
    }
  }
  return j < n ? j : -1;
}

/**
 * Squared distance in mm from voxel (x, y, z) to the nearest cell marked `bit`, known to be
 * beyond `from` mm: scans cubes of growing half-size r mm (r doubling). A marked cell at
 * distance <= r is the answer: any cell outside the cube is more than r away along one axis.
 */
function cubeSearch(
  grid: SurfaceGrid,
  bit: number,
  spacing: readonly [number, number, number],
  x: number,
  y: number,
  z: number,
  from: number,
): { d2: number; reads: number } {
  let reads = 0;
  const { cells, bx, by, bz } = grid;
  const [sx, sy, sz] = spacing;
  const qx = x - grid.x0;
  const qy = y - grid.y0;
  const qz = z - grid.z0;
  for (let r = 2 * from; ; r *= 2) {
    const xa = Math.max(0, qx - Math.ceil(r / sx));
    const xb = Math.min(bx - 1, qx + Math.ceil(r / sx));
    const ya = Math.max(0, qy - Math.ceil(r / sy));
    const yb = Math.min(by - 1, qy + Math.ceil(r / sy));
    const za = Math.max(0, qz - Math.ceil(r / sz));
    const zb = Math.min(bz - 1, qz + Math.ceil(r / sz));
    let best = Infinity;
    reads += (xb - xa + 1) * (yb - ya + 1) * (zb - za + 1);
    for (let pz = za; pz <= zb; pz++) {
      const ez = (pz - qz) * sz;
      for (let py = ya; py <= yb; py++) {
        const ey = (py - qy) * sy;
        const row = (pz * by + py) * bx;
        for (let px = xa; px <= xb; px++) {
          if ((cells[row + px] & bit) === 0) continue;
          const ex = (px - qx) * sx;
          const d2 = ex * ex + ey * ey + ez * ez;
          if (d2 < best) best = d2;
        }
      }
    }
    // The whole box scanned: the nearest is found whatever r is.
    const whole = xa === 0 && ya === 0 && za === 0 && xb === bx - 1 && yb === by - 1 && zb === bz - 1;
    if (best <= r * r || whole) return { d2: best, reads };
  }
}
