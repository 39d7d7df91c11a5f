// A static k-d tree over integer voxel coordinates, for exact nearest-surface-point queries
// with anisotropic spacing. Balanced by median splits on the widest axis (in mm), stored
// implicitly: the node over index range [lo, hi) has its split point at mid = (lo + hi) >> 1.
// Every node keeps the tight bounding box of its points: surface points lie on thin sheets,
// and pruning by the tight box instead of the split cell visits ~4x fewer nodes.

const LEAF = 12;

export class KdTree {
  /** Integer coordinates, reordered into tree order (exact distances are computed from these). */
  private readonly ix: Int32Array;
  private readonly iy: Int32Array;
  private readonly iz: Int32Array;
  /** The same coordinates in mm, for the search. */
  private readonly px: Float64Array;
  private readonly py: Float64Array;
  private readonly pz: Float64Array;
  /** Node bounding boxes in mm, 6 values (min x, y, z, max x, y, z) at 6 * mid. */
  private readonly box: Float64Array;
  private readonly stackLo = new Int32Array(128);
  private readonly stackHi = new Int32Array(128);
  private readonly stackDist = new Float64Array(128);
  private lastFound = 0;

  constructor(
    coords: Int32Array,
    private readonly count: number,
    private readonly spacing: readonly [number, number, number],
  ) {
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    this.box = new Float64Array(6 * count);
    this.build(coords, order, 0, count);
    this.ix = new Int32Array(count);
    this.iy = new Int32Array(count);
    this.iz = new Int32Array(count);
    this.px = new Float64Array(count);
    this.py = new Float64Array(count);
    this.pz = new Float64Array(count);
    const [sx, sy, sz] = spacing;
    for (let i = 0; i < count; i++) {
      const p = 3 * order[i];
      this.ix[i] = coords[p];
      this.iy[i] = coords[p + 1];
      this.iz[i] = coords[p + 2];
      this.px[i] = coords[p] * sx;
      this.py[i] = coords[p + 1] * sy;
      this.pz[i] = coords[p + 2] * sz;
    }
  }

  /**
   * Distance in mm from voxel (x, y, z) to the nearest point, computed as scipy's EDT does:
   * sqrt((dx sx)^2 + (dy sy)^2 + (dz sz)^2) from integer offsets, x first. The previous
   * query's answer seeds the search: consecutive surface voxels share their neighbours.
   */
  nearestDistance(x: number, y: number, z: number): number {
    const best = this.nearestIndex(x * this.spacing[0], y * this.spacing[1], z * this.spacing[2], this.lastFound);
    this.lastFound = best;
    const dx = (this.ix[best] - x) * this.spacing[0];
    const dy = (this.iy[best] - y) * this.spacing[1];
    const dz = (this.iz[best] - z) * this.spacing[2];
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

  private nearestIndex(qx: number, qy: number, qz: number, hint: number): number {
    const { px, py, pz, box, stackLo, stackHi, stackDist } = this;
    let best = hint;
    let ex = px[hint] - qx;
    let ey = py[hint] - qy;
    let ez = pz[hint] - qz;
    let bestD2 = ex * ex + ey * ey + ez * ez;
    if (bestD2 === 0) return best;
    stackLo[0] = 0;
    stackHi[0] = this.count;
    stackDist[0] = 0;
    let sp = 1;
    while (sp > 0) {
      sp--;
      if (stackDist[sp] >= bestD2) continue;
      let lo = stackLo[sp];
      let hi = stackHi[sp];
      let leaf = true;
      // Walk down the nearer child, pushing the farther one when it may still hold a closer point.
      while (hi - lo > LEAF) {
        const mid = (lo + hi) >> 1;
        ex = px[mid] - qx;
        ey = py[mid] - qy;
        ez = pz[mid] - qz;
        const d2 = ex * ex + ey * ey + ez * ez;
        if (d2 < bestD2) {
          bestD2 = d2;
          best = mid;
          if (d2 === 0) return best;
        }
        const dLeft = boxDistance2(box, (lo + mid) >> 1, qx, qy, qz);
        const dRight = boxDistance2(box, (mid + 1 + hi) >> 1, qx, qy, qz);
        if (dLeft <= dRight) {
          if (dRight < bestD2) {
            stackLo[sp] = mid + 1;
            stackHi[sp] = hi;
            stackDist[sp++] = dRight;
          }
          hi = mid;
          if (dLeft >= bestD2) {
            leaf = false;
            break;
          }
        } else {
          if (dLeft < bestD2) {
            stackLo[sp] = lo;
            stackHi[sp] = mid;
            stackDist[sp++] = dLeft;
          }
          lo = mid + 1;
          if (dRight >= bestD2) {
            leaf = false;
            break;
          }
        }
      }
      if (!leaf) continue;
      for (let i = lo; i < hi; i++) {
        ex = px[i] - qx;
        ey = py[i] - qy;
        ez = pz[i] - qz;
        const d2 = ex * ex + ey * ey + ez * ez;
        if (d2 < bestD2) {
          bestD2 = d2;
          best = i;
        }
      }
    }
    return best;
  }

  private build(coords: Int32Array, order: Uint32Array, lo: number, hi: number): void {
    if (hi <= lo) return;
    let min0 = coords[3 * order[lo]];
    let min1 = coords[3 * order[lo] + 1];
    let min2 = coords[3 * order[lo] + 2];
    let max0 = min0;
    let max1 = min1;
    let max2 = min2;
    for (let i = lo + 1; i < hi; i++) {
      const p = 3 * order[i];
      const a = coords[p];
      const b = coords[p + 1];
      const c = coords[p + 2];
      if (a < min0) min0 = a;
      else if (a > max0) max0 = a;
      if (b < min1) min1 = b;
      else if (b > max1) max1 = b;
      if (c < min2) min2 = c;
      else if (c > max2) max2 = c;
    }
    const [sx, sy, sz] = this.spacing;
    const mid = (lo + hi) >> 1;
    const o = 6 * mid;
    this.box[o] = min0 * sx;
    this.box[o + 1] = min1 * sy;
    this.box[o + 2] = min2 * sz;
    this.box[o + 3] = max0 * sx;
    this.box[o + 4] = max1 * sy;
    this.box[o + 5] = max2 * sz;
    if (hi - lo <= LEAF) return;
    const e0 = (max0 - min0) * sx;
    const e1 = (max1 - min1) * sy;
    const e2 = (max2 - min2) * sz;
    const axis = e0 >= e1 && e0 >= e2 ? 0 : e1 >= e2 ? 1 : 2;
    selectNth(coords, order, lo, hi - 1, mid, axis);
    this.build(coords, order, lo, mid);
    this.build(coords, order, mid + 1, hi);
  }
}

/** Squared distance from a point to the box stored at 6 * node (0 inside). */
function boxDistance2(box: Float64Array, node: number, qx: number, qy: number, qz: number): number {
  const o = 6 * node;
  let d = 0;
  let t = box[o] - qx;
  if (t > 0) d += t * t;
  else if ((t = qx - box[o + 3]) > 0) d += t * t;
  t = box[o + 1] - qy;
  if (t > 0) d += t * t;
  else if ((t = qy - box[o + 4]) > 0) d += t * t;
  t = box[o + 2] - qz;
  if (t > 0) d += t * t;
  else if ((t = qz - box[o + 5]) > 0) d += t * t;
  return d;
}

/** Hoare quickselect: puts the k-th point (by coordinate `axis`) at k, smaller before, larger after. */
function selectNth(coords: Int32Array, order: Uint32Array, left: number, right: number, k: number, axis: number): void {
  while (right > left) {
    const pivot = coords[3 * order[(left + right) >> 1] + axis];
    let i = left;
    let j = right;
    while (i <= j) {
      while (coords[3 * order[i] + axis] < pivot) i++;
      while (coords[3 * order[j] + axis] > pivot) j--;
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
