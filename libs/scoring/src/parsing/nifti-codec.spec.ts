import { describe, expect, it } from 'vitest';
import { decodeNifti, encodeNifti1 } from './nifti-codec.js';
import type { MaskImage } from '../types.js';

function disc(w: number, h: number, d = 1): MaskImage {
  const data = new Uint8Array(w * h * d);
  for (let z = 0; z < d; z++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) if ((x - w / 2) ** 2 + (y - h / 2) ** 2 < (w / 4) ** 2) data[z * w * h + y * w + x] = 1;
  return { dims: [w, h, d], spacing: [0.7, 0.8, 2.5], data };
}

describe('encodeNifti1 / decodeNifti round trip', () => {
  for (const datatype of ['uint8', 'int16', 'float32'] as const) {
    for (const gzip of [false, true]) {
      it(`${datatype}${gzip ? ' gzipped' : ''}`, () => {
        const mask = disc(32, 24, 3);
        const decoded = decodeNifti(encodeNifti1(mask, { datatype, gzip }), 'a.nii');
        expect(decoded.problems).toEqual([]);
        expect(decoded.image!.dims).toEqual([32, 24, 3]);
        expect(decoded.image!.spacing.map((s) => Math.fround(s))).toEqual([0.7, 0.8, 2.5].map(Math.fround));
        expect(Array.from(decoded.image!.data)).toEqual(Array.from(mask.data));
      });
    }
  }

  it('big-endian files decode the same', () => {
    const mask = disc(16, 16);
    const decoded = decodeNifti(encodeNifti1(mask, { datatype: 'int16', littleEndian: false }), 'be.nii');
    expect(decoded.problems).toEqual([]);
    expect(decoded.image!.dims).toEqual([16, 16, 1]);
    expect(Array.from(decoded.image!.data)).toEqual(Array.from(mask.data));
  });

  it('applies scl_slope/scl_inter before the binary check', () => {
    const mask = disc(8, 8);
    // stored 0/2, slope 0.5 -> 0/1
    const values = Array.from(mask.data, (v) => v * 2);
    const decoded = decodeNifti(encodeNifti1(mask, { datatype: 'int16', values, sclSlope: 0.5 }), 's.nii');
    expect(decoded.problems).toEqual([]);
    expect(Array.from(decoded.image!.data)).toEqual(Array.from(mask.data));
  });
});
