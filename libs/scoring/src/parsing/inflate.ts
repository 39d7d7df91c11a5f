import { Inflate } from 'fflate';

/**
 * Inflates a raw DEFLATE stream, producing at most `maxBytes` bytes. Injectable so the library
 * stays pure (no `node:` import); `defaultInflater` already picks Node's zlib when the runtime
 * offers it (~5x faster than fflate on masks, see bench/bench-scoring.ts).
 */
export type RawInflater = (compressed: Uint8Array, maxBytes: number) => InflateOutcome;

export type InflateOutcome =
  | { ok: true; data: Uint8Array }
  | { ok: false; reason: 'corrupt' | 'too_large'; detail: string };

// Input is fed in chunks so that a stream lying about its size stops after at most
// chunk x 1032 (DEFLATE's maximum ratio) extra bytes, i.e. about max(maxBytes, 512 KiB).
const MIN_CHUNK = 512;
const MAX_CHUNK = 64 * 1024;

/** Pure JS (fflate, streaming so the output bound is enforced while inflating): the default where Node's zlib is not available. */
export const fflateInflater: RawInflater = (compressed, maxBytes) => {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooLarge = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > maxBytes) tooLarge = true;
    else chunks.push(chunk);
  });
  const chunk = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.ceil(maxBytes / 1032)));
  try {
    for (let at = 0; at < compressed.length && !tooLarge; at += chunk) {
      const end = Math.min(compressed.length, at + chunk);
      inflater.push(compressed.subarray(at, end), end === compressed.length);
    }
    if (compressed.length === 0) inflater.push(compressed, true);
  } catch (error) {
    return { ok: false, reason: 'corrupt', detail: error instanceof Error ? error.message : String(error) };
  }
  if (tooLarge) return { ok: false, reason: 'too_large', detail: `more than ${maxBytes} bytes once inflated` };
  if (chunks.length === 1) return { ok: true, data: chunks[0]! };
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return { ok: true, data: out };
};

/** The part of `node:zlib` we use, typed structurally so this file never imports Node. */
export interface ZlibLike {
  inflateRawSync(buffer: Uint8Array, options: { maxOutputLength: number }): Uint8Array;
}

/** Wraps Node's zlib (`createZlibInflater(await import('node:zlib'))`): native speed, same bound. */
export function createZlibInflater(zlib: ZlibLike): RawInflater {
  return (compressed, maxBytes) => {
    try {
      const data = zlib.inflateRawSync(compressed, { maxOutputLength: Math.max(1, maxBytes) });
      return { ok: true, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') {
        return { ok: false, reason: 'too_large', detail: `more than ${maxBytes} bytes once inflated` };
      }
      return { ok: false, reason: 'corrupt', detail: error instanceof Error ? error.message : String(error) };
    }
  };
}

/**
 * The default engine: Node's zlib when the runtime hands it over without an import (Node >=
 * 20.16 and 22.3 have `process.getBuiltinModule`), else fflate. The library keeps no `node:`
 * import and runs unchanged in a browser; on a server every caller gets native speed (~5x on
 * masks) without having to know. Inflating is deterministic: both engines give the same bytes.
 */
export const defaultInflater: RawInflater = pickDefaultInflater();

function pickDefaultInflater(): RawInflater {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const zlib = runtime?.getBuiltinModule?.('node:zlib') as Partial<ZlibLike> | undefined;
  return typeof zlib?.inflateRawSync === 'function' ? createZlibInflater(zlib as ZlibLike) : fflateInflater;
}

export type GunzipOutcome = InflateOutcome | { ok: false; reason: 'not_gzip'; detail: string };

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Gunzips one gzip member with a hard output bound. We read the gzip header ourselves because
 * fflate's `gunzipSync` allocates the size written in the trailer, which an attacker controls.
 */
export function gunzipBounded(bytes: Uint8Array, maxBytes: number, inflate: RawInflater = defaultInflater): GunzipOutcome {
  if (!isGzip(bytes)) return { ok: false, reason: 'not_gzip', detail: 'does not start with the gzip magic bytes 1f 8b' };
  if (bytes.length < 18) return { ok: false, reason: 'corrupt', detail: `only ${bytes.length} bytes: truncated gzip` };
  if (bytes[2] !== 8) return { ok: false, reason: 'corrupt', detail: `unknown gzip compression method ${bytes[2]}` };
  const flags = bytes[3]!;
  let at = 10;
  if (flags & FEXTRA) at += 2 + (bytes[at]! | (bytes[at + 1]! << 8));
  if (flags & FNAME) while (at < bytes.length && bytes[at++] !== 0);
  if (flags & FCOMMENT) while (at < bytes.length && bytes[at++] !== 0);
  if (flags & FHCRC) at += 2;
  if (at + 8 > bytes.length) return { ok: false, reason: 'corrupt', detail: 'truncated gzip header' };
  const result = inflate(bytes.subarray(at, bytes.length - 8), maxBytes);
  if (!result.ok) return result;
  const end = bytes.length - 4;
  const declared = (bytes[end]! | (bytes[end + 1]! << 8) | (bytes[end + 2]! << 16) | (bytes[end + 3]! << 24)) >>> 0;
  // The trailer's size (mod 2^32) catches a stream cut at a block boundary.
  if (declared !== result.data.length % 0x100000000) {
    return { ok: false, reason: 'corrupt', detail: `gzip trailer says ${declared} bytes, stream gave ${result.data.length}: truncated or corrupt` };
  }
  return result;
}
