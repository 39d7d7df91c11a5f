import type { MaskImage } from '../types.js';

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
  if (!box) return { coords: new Int32Array(0), count: 0 };
  const is3d = nz > 1;
  const plane = nx * ny;
  let coords = new Int32Array(3 * 1024);
  let count = 0;
  for (let z = box.z0; z <= box.z1; z++) {
    for (let y = box.y0; y <= box.y1; y++) {
      const row = z * plane + y * nx;
      for (let x = box.x0; x <= box.x1; x++) {
        const i = row + x;
        if (data[i] === 0) continue;
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
        if (!surface) continue;
        if (3 * count + 3 > coords.length) {
          const grown = new Int32Array(coords.length * 2);
          grown.set(coords);
          coords = grown;
        }
        coords[3 * count] = x;
        coords[3 * count + 1] = y;
        coords[3 * count + 2] = z;
        count++;
      }
    }
  }
  return { coords, count };
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
