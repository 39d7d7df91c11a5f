import zlib from 'node:zlib';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createZlibInflater, defaultInflater, fflateInflater, type RawInflater } from './inflate.js';

const engines: [string, RawInflater][] = [
  ['fflate', fflateInflater],
  ['Node zlib', createZlibInflater(zlib)],
  ['default', defaultInflater],
];

describe.each(engines)('raw inflater: %s', (_, inflate) => {
  const text = new TextEncoder().encode('id,prediction\ncase1,0.5\n'.repeat(2000));
  const body = deflateSync(text);
  it('inflates to the same bytes', () => {
    const r = inflate(body, text.length);
    expect(r.ok && Buffer.from(r.data).equals(Buffer.from(text))).toBe(true);
  });
  it('stops a stream that produces more than the bound', () => {
    const r = inflate(deflateSync(new Uint8Array(4 << 20)), 1 << 20);
    expect(r).toMatchObject({ ok: false, reason: 'too_large' });
  });
  it('reports a damaged stream as corrupt', () => {
    const bad = body.slice();
    bad.fill(0xff, 0, 16);
    expect(inflate(bad, text.length)).toMatchObject({ ok: false, reason: 'corrupt' });
  });
});

it('the default is Node zlib where process.getBuiltinModule exists (Node >= 20.16)', () => {
  const hasBuiltin = typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule === 'function';
  expect(defaultInflater !== fflateInflater).toBe(hasBuiltin);
});
