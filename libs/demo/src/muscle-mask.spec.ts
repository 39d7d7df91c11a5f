import { describe, expect, it } from 'vitest';
import { demoTruth, renderDemoMask } from './demo-truth.js';
import { countMaskPixels, MASK_SIZE, maskAreaMm2 } from './muscle-mask.js';

const truth = demoTruth(2019);
const at = (data: Uint8Array, x: number, y: number) => data[y * MASK_SIZE + x];

describe('renderMuscleMask', () => {
  const masks = Array.from({ length: 40 }, (_, i) => renderDemoMask(truth, i));

  it('draws binary 512x512 masks with the case spacing', () => {
    masks.forEach((mask, i) => {
      expect(mask.dims).toEqual([512, 512, 1]);
      expect(mask.data).toHaveLength(512 * 512);
      expect(mask.spacing).toEqual([truth.sarcopenia.spacing[i], truth.sarcopenia.spacing[i], 1]);
      expect(mask.data.every((v) => v === 0 || v === 1)).toBe(true);
    });
  });

  it('gives adult L3 muscle areas (50 to 250 cm2) that differ between patients', () => {
    const areas = masks.map(maskAreaMm2);
    for (const area of areas) {
      expect(area).toBeGreaterThan(5_000);
      expect(area).toBeLessThan(25_000);
    }
    expect(new Set(areas.map(Math.round)).size).toBe(areas.length);
    expect(Math.max(...areas) / Math.min(...areas)).toBeGreaterThan(1.4);
  });

  it('is a ring: empty in the abdomen and outside the body, thick at the back, split by the spine', () => {
    for (const mask of masks) {
      const column = (x: number) => Array.from({ length: MASK_SIZE }, (_, y) => at(mask.data, x, y));
      // Walk down a column just beside the midline (the midline itself is cut by the linea alba
      // and the spinous process): background, anterior muscle, abdomen, posterior muscle, background.
      const cx = 256 + 25;
      const runs: string[] = column(cx).join('').match(/1+/g) ?? [];
      expect(at(mask.data, 0, 0)).toBe(0);
      expect(at(mask.data, 256, 256)).toBe(0);
      expect(runs.length).toBeGreaterThanOrEqual(2);
      const anterior = runs[0].length;
      const posterior = runs[runs.length - 1].length;
      expect(posterior).toBeGreaterThan(2 * anterior);
      // Both sides of the body are muscle at mid-height.
      const row = Array.from({ length: MASK_SIZE }, (_, x) => at(mask.data, x, 260));
      expect(row.slice(0, 256).some((v) => v === 1)).toBe(true);
      expect(row.slice(256).some((v) => v === 1)).toBe(true);
    }
  });

  it('redraws the same mask from the same case', () => {
    // Buffer.equals: a deep toEqual over 262,144 bytes takes a second.
    expect(Buffer.from(renderDemoMask(truth, 3).data).equals(masks[3].data)).toBe(true);
  });
});

describe('countMaskPixels', () => {
  const naive = (data: Uint8Array) => data.reduce((sum, v) => sum + v, 0);

  it('counts set pixels, including full masks where every word lane is saturated', () => {
    expect(countMaskPixels(new Uint8Array(MASK_SIZE * MASK_SIZE).fill(1))).toBe(MASK_SIZE * MASK_SIZE);
    expect(countMaskPixels(new Uint8Array(1000))).toBe(0);
    const mask = renderDemoMask(truth, 0).data;
    expect(countMaskPixels(mask)).toBe(naive(mask));
  });

  it('handles lengths that are not a multiple of 4 and unaligned views', () => {
    const data = new Uint8Array(1031).map((_, i) => (i % 3 === 0 ? 1 : 0));
    expect(countMaskPixels(data)).toBe(naive(data));
    const unaligned = data.subarray(1, 1030);
    expect(countMaskPixels(unaligned)).toBe(naive(unaligned));
  });
});
