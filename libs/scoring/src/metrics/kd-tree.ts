// A static 3-d tree over integer voxel coordinates, for exact nearest-surface-point queries
// with anisotropic spacing. Balanced by median splits on the widest axis (in mm), stored
// implicitly: the node over index range [lo, hi) has its split point at mid = (lo + hi) >> 1.

const LEAF = 8;

export class KdTree {
  private readonly xs: Int32Array;
  private readonly ys: Int32Array;
  private readonly zs: Int32Array;
  /** Split axis of the node whose split point is at this index. */
  private readonly axis: Uint8Array;
  private readonly sx: number;
  private readonly sy: number;
  private readonly sz: number;
  private bestD2 = 0;
  private bestIndex = -1;

  constructor(coords: Int32Array, count: number, spacing: readonly [number, number, number]) {
    [this.sx, this.sy, this.sz] = spacing;
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    this.axis = new Uint8Array(count);
    this.build(coords, order, 0, count);
    this.xs = new Int32Array(count);
    this.ys = new Int32Array(count);
    this.zs = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const p = order[i];
      this.xs[i] = coords[3 * p];
      this.ys[i] = coords[3 * p + 1];
      this.zs[i] = coords[3 * p + 2];
    }
  }

  get size(): number {
    return this.xs.length;
  }

  /**
   * Squared distance in mm^2 from (x, y, z) to the nearest point, as scipy's EDT sums it:
   * (dx sx)^2 + (dy sy)^2 + (dz sz)^2, x first. `hint` is a point index whose distance bounds
   * the search (the previous query's answer: neighbouring surface voxels share neighbours).
   */
  nearest(x: number, y: number, z: number, hint: number): number {
    this.bestIndex = hint >= 0 ? hint : 0;
    this.bestD2 = this.dist2(this.bestIndex, x, y, z);
    if (this.bestD2 > 0) this.search(0, this.xs.length, x, y, z, 0, 0, 0);
    return this.bestD2;
  }

  /** Index of the point found by the last `nearest` call (pass it back as the next hint). */
  get lastIndex(): number {
    return this.bestIndex;
  }

  private dist2(i: number, x: number, y: number, z: number): number {
    const dx = (this.xs[i] - x) * this.sx;
    const dy = (this.ys[i] - y) * this.sy;
    const dz = (this.zs[i] - z) * this.sz;
    return dx * dx + dy * dy + dz * dz;
  }

  // Arya-Mount incremental distance: (ox, oy, oz) is the query's offset (mm) to the current
  // cell along each axis and rd their squared sum, a lower bound for every point in the cell.
  private search(lo: number, hi: number, x: number, y: number, z: number, ox: number, oy: number, oz: number): void {
    if (hi - lo <= LEAF) {
      for (let i = lo; i < hi; i++) {
        const d2 = this.dist2(i, x, y, z);
        if (d2 < this.bestD2) {
          this.bestD2 = d2;
          this.bestIndex = i;
        }
      }
      return;
    }
    const mid = (lo + hi) >> 1;
    const d2 = this.dist2(mid, x, y, z);
    if (d2 < this.bestD2) {
      this.bestD2 = d2;
      this.bestIndex = mid;
      if (d2 === 0) return;
    }
    const ax = this.axis[mid];
    let delta: number;
    let rdFar: number;
    if (ax === 0) {
      delta = (x - this.xs[mid]) * this.sx;
      rdFar = delta * delta - ox * ox;
    } else if (ax === 1) {
      delta = (y - this.ys[mid]) * this.sy;
      rdFar = delta * delta - oy * oy;
    } else {
      delta = (z - this.zs[mid]) * this.sz;
      rdFar = delta * delta - oz * oz;
    }
    rdFar += ox * ox + oy * oy + oz * oz;
    const nearLo = delta < 0 ? lo : mid + 1;
    const nearHi = delta < 0 ? mid : hi;
    this.search(nearLo, nearHi, x, y, z, ox, oy, oz);
    if (rdFar < this.bestD2) {
      const farLo = delta < 0 ? mid + 1 : lo;
      const farHi = delta < 0 ? hi : mid;
      if (ax === 0) this.search(farLo, farHi, x, y, z, delta, oy, oz);
      else if (ax === 1) this.search(farLo, farHi, x, y, z, ox, delta, oz);
      else this.search(farLo, farHi, x, y, z, ox, oy, delta);
    }
  }

  private build(coords: Int32Array, order: Uint32Array, lo: number, hi: number): void {
    if (hi - lo <= LEAF) return;
    let min0 = Infinity;
    let max0 = -Infinity;
    let min1 = Infinity;
    let max1 = -Infinity;
    let min2 = Infinity;
    let max2 = -Infinity;
    for (let i = lo; i < hi; i++) {
      const p = 3 * order[i];
      const a = coords[p];
      const b = coords[p + 1];
      const c = coords[p + 2];
      if (a < min0) min0 = a;
      if (a > max0) max0 = a;
      if (b < min1) min1 = b;
      if (b > max1) max1 = b;
      if (c < min2) min2 = c;
      if (c > max2) max2 = c;
    }
    const e0 = (max0 - min0) * this.sx;
    const e1 = (max1 - min1) * this.sy;
    const e2 = (max2 - min2) * this.sz;
    const ax = e0 >= e1 && e0 >= e2 ? 0 : e1 >= e2 ? 1 : 2;
    const mid = (lo + hi) >> 1;
    selectNth(coords, order, lo, hi - 1, mid, ax);
    this.axis[mid] = ax;
    this.build(coords, order, lo, mid);
    this.build(coords, order, mid + 1, hi);
  }
}

/** Hoare quickselect: puts the k-th point (by coordinate `ax`) at k, smaller before, larger after. */
function selectNth(coords: Int32Array, order: Uint32Array, left: number, right: number, k: number, ax: number): void {
  while (right > left) {
    const pivot = coords[3 * order[(left + right) >> 1] + ax];
    let i = left;
    let j = right;
    while (i <= j) {
      while (coords[3 * order[i] + ax] < pivot) i++;
      while (coords[3 * order[j] + ax] > pivot) j--;
      if (i <= j) {
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}
