import { gunzipSync as fflateGunzip } from 'fflate';
import { crc32 as zlibCrc32, gunzipSync as zlibGunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { demoTruth, renderDemoMask } from './demo-truth.js';
import { createRng } from './prng.js';
import { crc32, rleGzip } from './rle-gzip.js';

function expectRoundTrip(data: Uint8Array): Uint8Array {
  const gz = rleGzip(data);
  // Both readers check the CRC-32 and length in the gzip trailer.
  expect(Buffer.from(zlibGunzip(gz)).equals(data)).toBe(true);
  expect(Buffer.from(fflateGunzip(gz)).equals(data)).toBe(true);
  return gz;
}

describe('rleGzip', () => {
  const random = (length: number) => {
    const rng = createRng(5, 'gzip');
    return Uint8Array.from({ length }, () => rng.int(256));
  };

  it('writes gzip that zlib and fflate read back, for edge-case inputs', () => {
    expectRoundTrip(new Uint8Array(0));
    expectRoundTrip(Uint8Array.of(7));
    expectRoundTrip(Uint8Array.of(0, 0));
    expectRoundTrip(new Uint8Array(3));
    expectRoundTrip(new Uint8Array(259).fill(255)); // literal + one 258 copy
    expectRoundTrip(new Uint8Array(262).fill(1)); // 258 + 3
    expectRoundTrip(new Uint8Array(1 << 20)); // one long zero run (CRC by matrix powers)
    expectRoundTrip(random(50_000)); // no runs at all: every byte a literal
  });

  it('round-trips unaligned views and runs that cross word boundaries', () => {
    const data = Uint8Array.from({ length: 10_007 }, (_, i) => (Math.floor(i / 37) % 3 === 0 ? 0 : Math.floor(i / 101) % 2));
    expectRoundTrip(data);
    expectRoundTrip(data.subarray(3, 9_001));
  });

  it('compresses a 512x512 muscle mask more than 40:1, bit-exactly', () => {
    const mask = renderDemoMask(demoTruth(2019), 0).data;
    const gz = expectRoundTrip(mask);
    expect(mask.length / gz.length).toBeGreaterThan(40);
  });

  it('is deterministic (zero timestamp, no name)', () => {
    const data = random(1000);
    expect(Buffer.from(rleGzip(data)).equals(rleGzip(data))).toBe(true);
    expect([...rleGzip(data).subarray(4, 8)]).toEqual([0, 0, 0, 0]);
  });
});

describe('crc32', () => {
  it('matches zlib', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const data = Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) & 0xff);
    expect(crc32(data)).toBe(zlibCrc32(data));
  });
});
