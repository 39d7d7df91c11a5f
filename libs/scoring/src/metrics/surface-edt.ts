// Exact nearest-surface distances through a separable Euclidean distance transform
// (Felzenszwalb & Huttenlocher's lower envelope of parabolas, with anisotropic spacing),
// restricted to the bounding box of both surfaces and computed one x-plane at a time, so
// memory is O(ny * nz) rather than O(volume). It wins over the k-d tree when surfaces are
// dense in their box (e.g. a stack of unrelated slices, where nearly every voxel is surface).
import type { SurfacePoints } from './surface-points.js';

/**
 * For every point of `from`, the distance in mm to the nearest point of `to` (both non-empty),
 * written to out[offset ..]. Distances are recomputed from the integer offsets of the chosen
 * nearest point, as scipy's EDT does: sqrt((dx sx)^2 + (dy sy)^2 + (dz sz)^2).
 * `out` receives the values in x-plane order, not in `from` order (callers pool and sort them).
 */
export function edtDistances(
  from: SurfacePoints,
  to: SurfacePoints,
  spacing: readonly [number, number, number],
  out: Float64Array,
  offset: number,
): void {
  const [sx, sy, sz] = spacing;
  const box = unionBox(from, to);
  const bx = box.x1 - box.x0 + 1;
  const by = box.y1 - box.y0 + 1;
  const bz = box.z1 - box.z0 + 1;
  const rows = by * bz;

  // Features (points of `to`) by row (y, z), sorted by x: extraction order is z, y, x.
  const rowStart = new Int32Array(rows + 1);
  const tc = to.coords;
  for (let i = 0; i < to.count; i++) rowStart[(tc[3 * i + 2] - box.z0) * by + (tc[3 * i + 1] - box.y0) + 1]++;
  for (let r = 0; r < rows; r++) rowStart[r + 1] += rowStart[r];
  const featureX = new Int32Array(to.count);
  const fill = rowStart.slice(0, rows);
  for (let i = 0; i < to.count; i++) {
    const r = (tc[3 * i + 2] - box.z0) * by + (tc[3 * i + 1] - box.y0);
    featureX[fill[r]++] = tc[3 * i] - box.x0;
  }

  // Query points (points of `from`) by x-plane, each as a (y, z) cell index.
  const planeStart = new Int32Array(bx + 1);
  const fc = from.coords;
  for (let i = 0; i < from.count; i++) planeStart[fc[3 * i] - box.x0 + 1]++;
  for (let x = 0; x < bx; x++) planeStart[x + 1] += planeStart[x];
  const queryCell = new Int32Array(from.count);
  const fillQ = planeStart.slice(0, bx);
  for (let i = 0; i < from.count; i++) {
    queryCell[fillQ[fc[3 * i] - box.x0]++] = (fc[3 * i + 2] - box.z0) * by + (fc[3 * i + 1] - box.y0);
  }
  const queryHere = new Uint8Array(rows);
  const columnHasQuery = new Uint8Array(by);

  // Per row, the index of the last feature with x <= the current plane (or rowStart - 1).
  const last = new Int32Array(rows);
  for (let r = 0; r < rows; r++) last[r] = rowStart[r] - 1;

  const g1 = new Float64Array(rows); // (dx sx)^2 to the nearest feature in the row
  const fx = new Int32Array(rows); // its x, or -1
  const g2 = new Float64Array(rows); // + (dy sy)^2, best over the column in y
  const fy = new Int32Array(rows); // the row it came from, or -1
  const n = Math.max(by, bz);
  const v = new Int32Array(n);
  const zb = new Float64Array(n + 1);
  const colF = new Float64Array(n);
  const arg = new Int32Array(n);
  const sy2 = sy * sy;
  const sz2 = sz * sz;
  let written = offset;

  for (let x = 0; x < bx; x++) {
    if (planeStart[x] === planeStart[x + 1]) continue; // no query in this plane
    // x pass: nearest feature along the row.
    for (let r = 0; r < rows; r++) {
      const end = rowStart[r + 1];
      let k = last[r];
      while (k + 1 < end && featureX[k + 1] <= x) k++;
      last[r] = k;
      let best = -1;
      if (k >= rowStart[r]) best = featureX[k];
      if (k + 1 < end && (best < 0 || featureX[k + 1] - x < x - best)) best = featureX[k + 1];
      fx[r] = best;
      if (best < 0) g1[r] = Infinity;
      else {
        const d = (x - best) * sx;
        g1[r] = d * d;
      }
    }
    // y pass: for each z, the envelope over y of ((y - y') sy)^2 + g1(y').
    for (let z = 0; z < bz; z++) {
      const base = z * by;
      for (let y = 0; y < by; y++) colF[y] = g1[base + y];
      lowerEnvelope(colF, by, sy2, v, zb, arg);
      for (let y = 0; y < by; y++) {
        const a = arg[y];
        fy[base + y] = a;
        if (a < 0) g2[base + y] = Infinity;
        else {
          const d = (y - a) * sy;
          g2[base + y] = d * d + g1[base + a];
        }
      }
    }
    // z pass, only on the (y) columns holding a query point of this plane.
    for (let q = planeStart[x]; q < planeStart[x + 1]; q++) {
      queryHere[queryCell[q]] = 1;
      columnHasQuery[queryCell[q] % by] = 1;
    }
    for (let y = 0; y < by; y++) {
      if (!columnHasQuery[y]) continue;
      columnHasQuery[y] = 0;
      for (let z = 0; z < bz; z++) colF[z] = g2[z * by + y];
      lowerEnvelope(colF, bz, sz2, v, zb, arg);
      for (let z = 0; z < bz; z++) {
        const cell = z * by + y;
        if (!queryHere[cell]) continue;
        queryHere[cell] = 0;
        const zStar = arg[z];
        const yStar = fy[zStar * by + y];
        const xStar = fx[zStar * by + yStar];
        const dx = (x - xStar) * sx;
        const dy = (y - yStar) * sy;
        const dz = (z - zStar) * sz;
        out[written++] = Math.sqrt(dx * dx + dy * dy + dz * dz);
      }
    }
  }
}

/**
 * Lower envelope of the parabolas p -> ((p - q) s)^2 + f[q] over q in [0, n) with f[q]
 * finite; arg[p] = the q whose parabola is lowest at integer p (-1 when every f is infinite).
 */
function lowerEnvelope(f: Float64Array, n: number, s2: number, v: Int32Array, z: Float64Array, arg: Int32Array): void {
  let k = -1;
  for (let q = 0; q < n; q++) {
    const fq = f[q];
    if (fq === Infinity) continue;
    const hq = fq + s2 * q * q;
    let s = 0;
    while (k >= 0) {
      const r = v[k];
      s = (hq - (f[r] + s2 * r * r)) / (2 * s2 * (q - r));
      if (s <= z[k]) k--;
      else break;
    }
    k++;
    v[k] = q;
    z[k] = k === 0 ? -Infinity : s;
    z[k + 1] = Infinity;
  }
  if (k < 0) {
    arg.fill(-1, 0, n);
    return;
  }
  let j = 0;
  for (let p = 0; p < n; p++) {
    while (z[j + 1] < p) j++;
    arg[p] = v[j];
  }
}

function unionBox(a: SurfacePoints, b: SurfacePoints) {
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
  return { x0, x1, y0, y1, z0, z1 };
}
