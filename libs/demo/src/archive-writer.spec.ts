import { gunzipSync as fflateGunzip } from 'fflate';
import { gunzipSync as zlibGunzip } from 'node:zlib';
import { encodeNifti1 } from '@podium/scoring';
import { describe, expect, it } from 'vitest';
import { encodeMaskFile } from './archive-writer.js';
import { demoTruth, renderDemoMask } from './demo-truth.js';

describe('encodeMaskFile', () => {
  const mask = renderDemoMask(demoTruth(2019), 0);
  const nifti = encodeNifti1(mask);

  it('writes a gzip member zlib and fflate read back bit-exactly (both check the CRC and length)', () => {
    const gz = encodeMaskFile(mask);
    expect(Buffer.from(zlibGunzip(gz)).equals(nifti)).toBe(true);
    expect(Buffer.from(fflateGunzip(gz)).equals(nifti)).toBe(true);
  });

  it('compresses a 512x512 muscle mask more than 40:1', () => {
    expect(nifti.length / encodeMaskFile(mask).length).toBeGreaterThan(40);
  });

  it('gives the same bytes on every machine: zero mtime, no name, OS "unknown"', () => {
    const gz = encodeMaskFile(mask);
    expect(Buffer.from(encodeMaskFile(mask)).equals(gz)).toBe(true);
    expect(gz[3]).toBe(0); // no name, comment or extra field
    expect([...gz.subarray(4, 8)]).toEqual([0, 0, 0, 0]); // mtime
    expect(gz[9]).toBe(0xff);
  });
});
