// How a model's mask differs from the radiologist's: a little too fat or too thin (dilation,
// erosion), ragged borders, a small registration-like shift, now and then a missed region.
// All operations work inside the mask's bounding box: 500 masks per submission must stay fast.
import type { Rng } from '@podium/scoring';

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Bounding box of the set pixels grown by `margin`, clamped to the image; null if empty. */
function boundingBox(data: Uint8Array, width: number, height: number, margin: number): Box | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  // Most of a mask is background: skip it four bytes at a time.
  const words = data.byteOffset % 4 === 0 && width % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, (width * height) / 4) : null;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (words && x % 4 === 0 && words[(row + x) / 4] === 0) {
        x += 3;
        continue;
      }
      if (data[row + x]) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  return {
    x0: Math.max(0, x0 - margin),
    y0: Math.max(0, y0 - margin),
    x1: Math.min(width - 1, x1 + margin),
    y1: Math.min(height - 1, y1 + margin),
  };
}

/** One 4-neighbour dilation (grow = true) or erosion step inside `box`. */
function morphStep(src: Uint8Array, width: number, height: number, box: Box, grow: boolean): Uint8Array {
  const out = src.slice();
  const target = grow ? 0 : 1;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0; x <= box.x1; x++) {
      const i = y * width + x;
      if (src[i] !== target) continue;
      const other = 1 - target;
      if (
        (x > 0 && src[i - 1] === other) || (x < width - 1 && src[i + 1] === other) ||
        (y > 0 && src[i - width] === other) || (y < height - 1 && src[i + width] === other)
      ) {
        out[i] = other;
      }
    }
  }
  return out;
}

export interface MaskPerturbation {
  /** Positive: dilation steps; negative: erosion steps. */
  grow: number;
  /** Probability of flipping each border pixel. */
  borderNoise: number;
  shiftX: number;
  shiftY: number;
  /** Angular sector (radians, around the mask's centre) left unsegmented, or null. */
  missedSector: { from: number; width: number } | null;
}

/** A perturbed copy of a square 0/1 mask. `rng` drives the border noise. */
export function perturbMask(source: Uint8Array, size: number, change: MaskPerturbation, rng: Rng): Uint8Array {
  const margin = Math.abs(change.grow) + 2;
  const box = boundingBox(source, size, size, margin);
  if (!box) return source.slice();
  let data = source;
  for (let step = 0; step < Math.abs(change.grow); step++) data = morphStep(data, size, size, box, change.grow > 0);
  if (data === source) data = source.slice();

  if (change.borderNoise > 0) {
    const before = data.slice();
    // Skip four background pixels at a time when they and their neighbours are all 0.
    const words = size % 4 === 0 ? new Uint32Array(before.buffer, 0, before.length >>> 2) : null;
    for (let y = box.y0 + 1; y < box.y1; y++) {
      for (let x = box.x0 + 1; x < box.x1; x++) {
        const i = y * size + x;
        if (
          words !== null && (x & 3) === 0 && x + 4 < box.x1 && words[i >>> 2] === 0 &&
          words[(i - size) >>> 2] === 0 && words[(i + size) >>> 2] === 0 && before[i - 1] === 0 && before[i + 4] === 0
        ) {
          x += 3;
          continue;
        }
        const v = before[i];
        const onBorder = before[i - 1] !== v || before[i + 1] !== v || before[i - size] !== v || before[i + size] !== v;
        if (onBorder && rng.chance(change.borderNoise)) data[i] = 1 - v;
      }
    }
  }

  if (change.missedSector) {
    const cx = (box.x0 + box.x1) / 2;
    const cy = (box.y0 + box.y1) / 2;
    const { from, width } = change.missedSector;
    for (let y = box.y0; y <= box.y1; y++) {
      for (let x = box.x0; x <= box.x1; x++) {
        const angle = Math.atan2(y - cy, x - cx);
        const offset = (((angle - from) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
        if (offset < width) data[y * size + x] = 0;
      }
    }
  }

  if (change.shiftX === 0 && change.shiftY === 0) return data;
  const shifted = new Uint8Array(data.length);
  for (let y = box.y0; y <= box.y1; y++) {
    const ty = y + change.shiftY;
    if (ty < 0 || ty >= size) continue;
    for (let x = box.x0; x <= box.x1; x++) {
      const tx = x + change.shiftX;
      if (tx >= 0 && tx < size && data[y * size + x]) shifted[ty * size + tx] = 1;
    }
  }
  return shifted;
}
