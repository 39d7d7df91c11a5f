// PNG masks, decoded by pngjs (which bounds its own inflate by the image size). pngjs hands back
// RGBA for every colour type (grey, palette, RGB, with or without alpha), so one rule covers all.
import { PNG } from 'pngjs';
import type { Problem } from '@podium/contracts';
import { binarizeValues } from './binarize.js';
import { DEFAULT_MAX_IMAGE_BYTES, type DecodeMaskOptions, type DecodedMask } from './nifti-codec.js';
import { problemAt } from './problem-list.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Decodes a PNG into a binary mask (dims [width, height, 1], spacing unknown = 1).
 * A pixel's value is max(R, G, B) (alpha ignored). An image with one non-zero value (0/1, 0/255
 * as most tools save masks) is binary. Otherwise the task's non-binary rule applies to value/255,
 * so threshold 0.5 means grey level 128 and above.
 */
export function decodePngMask(bytes: Uint8Array, fileName: string, options: DecodeMaskOptions = {}): DecodedMask {
  const where = { file: fileName, ...(options.caseId !== undefined ? { caseId: options.caseId } : {}) };
  const fail = (code: string, what: string, extra: Pick<Problem, 'expected' | 'found'> = {}): DecodedMask => ({
    problems: [problemAt(where, code, what, extra)],
  });
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    return fail('png.bad_magic', 'is not a PNG image (wrong signature).', { expected: 'PNG signature 89 50 4E 47', found: `${bytes.length} bytes` });
  }
  // Refuse huge images from the header, before pngjs allocates width x height x 4 bytes.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16, false);
  const height = view.getUint32(20, false);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  if (width * height * 4 > maxBytes) {
    return fail('png.too_large', `declares ${width}x${height} pixels, above the ${maxBytes}-byte limit.`, { found: `${width}x${height}` });
  }
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    return fail('png.corrupt', `cannot be decoded (${error instanceof Error ? error.message : String(error)}); re-export the mask.`);
  }
  const n = png.width * png.height;
  const grey = new Uint8Array(n);
  let foreground = -1;
  let twoLevel = true;
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const v = Math.max(png.data[j]!, png.data[j + 1]!, png.data[j + 2]!);
    grey[i] = v;
    if (v !== 0) {
      if (foreground < 0) foreground = v;
      else if (v !== foreground) twoLevel = false;
    }
  }
  const dims: [number, number, number] = [png.width, png.height, 1];
  if (twoLevel) {
    for (let i = 0; i < n; i++) grey[i] = grey[i] === 0 ? 0 : 1;
    return { image: { dims, spacing: [1, 1, 1], data: grey }, problems: [] };
  }
  const binary = binarizeValues(grey, 1 / 255, 0, options);
  if (!binary.ok) {
    return fail('mask.non_binary', `has more than two grey levels (e.g. ${Math.round(binary.value * 255)} at pixel ${binary.index}); save a black-and-white mask.`, {
      expected: 'two levels (0 and one other)',
      found: String(Math.round(binary.value * 255)),
    });
  }
  return { image: { dims, spacing: [1, 1, 1], data: binary.data }, problems: [] };
}
