import type { MaskImage } from '../types.js';
import { MetricError } from './metric-error.js';

/** Integer voxel coordinates of a mask's surface, interleaved x, y, z. */
export interface SurfacePoints {
  coords: Int32Array;
  count: number;
}

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  z0: number;
  z1: number;
}

/**
 * Surface voxels as medpy defines them: `mask XOR binary_erosion(mask)` with the face-connected
 * structuring element (4-neighbours in 2D, 6 in 3D) and scipy's default border_value=0, so a
 * foreground voxel on the image edge is surface. A mask with one slice (dims[2] = 1) is 2D.
 * Only the foreground bounding box is visited: rows without foreground are skipped word by word.
 */
export function surfacePoints(mask: MaskImage): SurfacePoints {
  const [nx, ny, nz] = mask.dims;
  const data = mask.data;
  const box = foregroundBox(data, nx, ny, nz);
  const out = new PointBuffer();
  if (!box) return out.result();
  if (nx % 4 === 0 && data.byteOffset % 4 === 0) wordSurface(mask, box, out);
  else byteSurface(mask, box, out);
  return out.result();
}

class PointBuffer {
  coords = new Int32Array(3 * 4096);
  count = 0;
  push(x: number, y: number, z: number): void {
    if (3 * this.count + 3 > this.coords.length) {
      const grown = new Int32Array(this.coords.length * 2);
      grown.set(this.coords);
      this.coords = grown;
    }
    const o = 3 * this.count++;
    this.coords[o] = x;
    this.coords[o + 1] = y;
    this.coords[o + 2] = z;
  }
  result(): SurfacePoints {
    return { coords: this.coords, count: this.count };
  }
}

function byteSurface(mask: MaskImage, box: Box, out: PointBuffer): void {
  const [nx, ny, nz] = mask.dims;
  const data = mask.data;
  const is3d = nz > 1;
  const plane = nx * ny;
  for (let z = box.z0; z <= box.z1; z++) {
    for (let y = box.y0; y <= box.y1; y++) {
      const row = z * plane + y * nx;
      for (let x = box.x0; x <= box.x1; x++) {
        const i = row + x;
        const v = data[i];
        if (v === 0) continue;
        if (v !== 1) throw notBinary();
        // Neighbours outside the foreground box are background (and so is outside the image).
        const surface =
          x === box.x0 ||
          x === box.x1 ||
          y === box.y0 ||
          y === box.y1 ||
          data[i - 1] === 0 ||
          data[i + 1] === 0 ||
          data[i - nx] === 0 ||
          data[i + nx] === 0 ||
          (is3d && (z === box.z0 || z === box.z1 || data[i - plane] === 0 || data[i + plane] === 0));
        if (surface) out.push(x, y, z);
      }
    }
  }
}

/**
 * Four voxels per step (rows a multiple of 4 bytes long, buffer 4-aligned): with 0/1 bytes,
 * a word AND its shifted neighbours is the erosion of four voxels at once, little-endian
 * (byte k of a word is voxel x = 4w + k, so the left neighbour comes from a left shift).
 */
function wordSurface(mask: MaskImage, box: Box, out: PointBuffer): void {
  const [nx, ny, nz] = mask.dims;
  const data = mask.data;
  const words = new Int32Array(data.buffer, data.byteOffset, data.length >>> 2);
  const rowWords = nx >>> 2;
  const planeWords = rowWords * ny;
  const w0 = box.x0 >>> 2;
  const w1 = box.x1 >>> 2;
  let bad = 0;
  for (let z = box.z0; z <= box.z1; z++) {
    for (let y = box.y0; y <= box.y1; y++) {
      const row = z * planeWords + y * rowWords;
      for (let w = w0; w <= w1; w++) {
        const i = row + w;
        const c = words[i];
        if (c === 0) continue;
        bad |= c;
        const left = (c << 8) | (w > 0 ? words[i - 1] >>> 24 : 0);
        const right = (c >>> 8) | (w < rowWords - 1 ? words[i + 1] << 24 : 0);
        let interior = c & left & right;
        interior &= y > 0 ? words[i - rowWords] : 0;
        interior &= y < ny - 1 ? words[i + rowWords] : 0;
        if (nz > 1) {
          interior &= z > 0 ? words[i - planeWords] : 0;
          interior &= z < nz - 1 ? words[i + planeWords] : 0;
        }
        const surface = c & ~interior;
        if (surface === 0) continue;
        const x = w << 2;
        if (surface & 0x1) out.push(x, y, z);
        if (surface & 0x100) out.push(x + 1, y, z);
        if (surface & 0x10000) out.push(x + 2, y, z);
        if (surface & 0x1000000) out.push(x + 3, y, z);
      }
    }
  }
  if ((bad & 0xfefefefe) !== 0) throw notBinary();
}

function notBinary(): MetricError {
  return new MetricError('metric.not_binary', 'hd95: a mask holds a value other than 0 and 1');
}

/** Bounding box of the non-zero voxels, or null for an empty mask. */
function foregroundBox(data: Uint8Array, nx: number, ny: number, nz: number): Box | null {
  let box: Box | null = null;
  const rows = ny * nz;
  const words = data.byteOffset % 4 === 0 ? new Int32Array(data.buffer, data.byteOffset, data.length >>> 2) : null;
  for (let r = 0; r < rows; r++) {
    const start = r * nx;
    const end = start + nx;
    let first = nextNonZero(data, words, start, end);
    if (first === end) continue;
    let last = end - 1;
    while (data[last] === 0) last--;
    first -= start;
    last -= start;
    const y = r % ny;
    const z = (r - y) / ny;
    if (!box) box = { x0: first, x1: last, y0: y, y1: y, z0: z, z1: z };
    else {
      if (first < box.x0) box.x0 = first;
      if (last > box.x1) box.x1 = last;
      if (y < box.y0) box.y0 = y;
      if (y > box.y1) box.y1 = y;
      box.z1 = z;
    }
  }
  return box;
}

/** Index of the first non-zero byte in [start, end), or `end`; 4 bytes at a time through `words` when aligned. */
function nextNonZero(data: Uint8Array, words: Int32Array | null, start: number, end: number): number {
  let i = start;
  if (words) {
    while (i < end && (i & 3) !== 0) {
      if (data[i] !== 0) return i;
      i++;
    }
    while (i + 4 <= end && words[i >>> 2] === 0) i += 4;
  }
  while (i < end && data[i] === 0) i++;
  return i;
}
