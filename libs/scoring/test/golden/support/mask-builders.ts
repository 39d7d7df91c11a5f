import type { MaskImage } from '../../../src/types.js';

type Vec3 = [number, number, number];

/** A mask of the given size with the listed voxels set. */
export function maskWith(dims: Vec3, voxels: Vec3[], spacing: Vec3 = [1, 1, 1]): MaskImage {
  const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (const [x, y, z] of voxels) data[(z * dims[1] + y) * dims[0] + x] = 1;
  return { dims, spacing, data };
}

/** An axis-aligned box [x0..x1] x [y0..y1] x [z0..z1] (inclusive). */
export function boxMask(dims: Vec3, from: Vec3, to: Vec3, spacing: Vec3 = [1, 1, 1]): MaskImage {
  const voxels: Vec3[] = [];
  for (let z = from[2]; z <= to[2]; z++)
    for (let y = from[1]; y <= to[1]; y++) for (let x = from[0]; x <= to[0]; x++) voxels.push([x, y, z]);
  return maskWith(dims, voxels, spacing);
}

/** A random blob: each voxel set with probability p (seeded `next`). */
export function randomMask(dims: Vec3, p: number, next: () => number, spacing: Vec3 = [1, 1, 1]): MaskImage {
  const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let i = 0; i < data.length; i++) data[i] = next() < p ? 1 : 0;
  return { dims, spacing, data };
}
