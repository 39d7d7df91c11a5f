// Named builders for test inputs: every malformed file in the bad-input suite is made here from
// a valid one plus one deliberate defect, so each test states its defect instead of pasting bytes.
import { deflateSync, gzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { encodeNifti1, normalizeCaseId, type EncodeNiftiOptions } from '../src/parsing/index.js';
import type { AnswerKey, MaskImage, Split, SubmissionSpec } from '../src/types.js';

const encoder = new TextEncoder();

export interface CsvOptions {
  separator?: ',' | ';' | '\t';
  bom?: boolean;
  crlf?: boolean;
  /** Quote every cell ("a","b"). */
  quoteAll?: boolean;
}

/** A CSV file from rows of cells (first row = header). */
export function csvBytes(rows: (string | number)[][], options: CsvOptions = {}): Uint8Array {
  const sep = options.separator ?? ',';
  const quote = (c: string | number) => (options.quoteAll ? `"${String(c).replace(/"/g, '""')}"` : String(c));
  const text = rows.map((r) => r.map(quote).join(sep)).join(options.crlf ? '\r\n' : '\n') + (options.crlf ? '\r\n' : '\n');
  return encoder.encode((options.bom ? '\ufeff' : '') + text);
}

export function textBytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A binary disc mask; `shift` moves it so two masks overlap partially. */
export function discMask(dims: [number, number, number] = [16, 12, 1], spacing: [number, number, number] = [0.8, 0.8, 1], shift = 0): MaskImage {
  const [w, h, d] = dims;
  const data = new Uint8Array(w * h * d);
  const r = Math.min(w, h) / 3;
  for (let z = 0; z < d; z++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) if ((x - w / 2 - shift) ** 2 + (y - h / 2) ** 2 <= r * r) data[z * w * h + y * w + x] = 1;
  return { dims, spacing, data };
}

export const LUNG_IDS = ['Poumon1', 'Poumon2', 'Poumon3', 'Poumon4'];

/** An already-validated answer key (what parseAnswerKey returns for a good file). */
export function buildKey(options: { ids?: string[]; split?: Split[]; truth?: Record<string, number[]>; masks?: MaskImage[] } = {}): AnswerKey {
  const ids = options.ids ?? LUNG_IDS;
  return {
    ids,
    normalizedIds: ids.map(normalizeCaseId),
    split: options.split ?? ids.map((_, i) => (i % 2 === 0 ? 'public' : 'private')),
    truth: Object.fromEntries(Object.entries(options.truth ?? { abnormal: ids.map((_, i) => i % 2) }).map(([k, v]) => [k, Float64Array.from(v)])),
    ...(options.masks ? { masks: options.masks } : {}),
  };
}

/** A key whose cases each have a reference mask (sarcopenia-like task). */
export function buildMaskKey(ids = ['Examen1', 'Examen2', 'Examen3'], dims: [number, number, number] = [16, 12, 1], spacing: [number, number, number] = [0.8, 0.8, 1]): AnswerKey {
  return buildKey({ ids, truth: { area: ids.map((_, i) => 100 + i) }, masks: ids.map(() => discMask(dims, spacing)) });
}

export const LUNG_SPEC: SubmissionSpec = {
  table: { id: 'id', columns: { probability: { type: 'number', min: 0, max: 1 } } },
};

export const SARCOPENIA_SPEC: SubmissionSpec = {
  table: { id: 'id', columns: { area: { type: 'number', min: 0 } } },
  masks: { format: 'nifti' },
};

/** The lung submission CSV rows for the default key, optionally edited. */
export function lungRows(probabilities = [0.1, 0.9, 0.2, 0.8], ids = LUNG_IDS): (string | number)[][] {
  return [['id', 'probability'], ...ids.map((id, i) => [id, probabilities[i]!])];
}

export function niftiBytes(mask: MaskImage, options: EncodeNiftiOptions = {}): Uint8Array {
  return encodeNifti1(mask, options);
}

/** Overwrites header fields of an uncompressed NIfTI (little-endian) to make it lie. */
export function patchNifti(bytes: Uint8Array, patch: (view: DataView) => void): Uint8Array {
  const copy = bytes.slice();
  patch(new DataView(copy.buffer));
  return copy;
}

export function gzip(bytes: Uint8Array): Uint8Array {
  return gzipSync(bytes, { level: 6 });
}

export function pngBytes(width: number, height: number, grey: ArrayLike<number>, colorType: 0 | 2 | 4 | 6 = 0): Uint8Array {
  const png = new PNG({ width, height, colorType, inputColorType: 6, inputHasAlpha: true });
  for (let i = 0; i < width * height; i++) {
    png.data[4 * i] = grey[i]!;
    png.data[4 * i + 1] = grey[i]!;
    png.data[4 * i + 2] = grey[i]!;
    png.data[4 * i + 3] = 255;
  }
  return new Uint8Array(PNG.sync.write(png, { colorType, inputColorType: 6, inputHasAlpha: true }));
}

export interface ZipEntrySpec {
  name: string;
  data: Uint8Array;
  /** Default deflate. */
  method?: 'store' | 'deflate' | number;
  /** Lie about the uncompressed size in both headers. */
  declaredSize?: number;
  symlink?: boolean;
  encrypted?: boolean;
  /** Use these bytes as the deflated body as is (to ship a damaged stream). */
  deflatedBody?: Uint8Array;
}

/** A zip writer that can lie (sizes, flags, modes) - real tools refuse to make bad zips. */
export function zipBytes(entries: ZipEntrySpec[], options: { truncateTo?: number; entryCountOverride?: number } = {}): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = encoder.encode(e.name);
    const method = e.method === 'store' ? 0 : e.method === undefined || e.method === 'deflate' ? 8 : e.method;
    const body = e.deflatedBody ?? (method === 8 ? deflateSync(e.data, { level: 9 }) : e.data);
    const size = e.declaredSize ?? e.data.length;
    const crc = crc32(e.data);
    const flags = 0x800 | (e.encrypted ? 1 : 0);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, (3 << 8) | 20, true); // made by Unix
    cv.setUint16(6, 20, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(38, ((e.symlink ? 0o120777 : 0o100644) << 16) >>> 0, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, body);
    centrals.push(central);
    offset += local.length + body.length;
  }
  const dirSize = centrals.reduce((s, c) => s + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  const count = options.entryCountOverride ?? entries.length;
  ev.setUint16(8, count, true);
  ev.setUint16(10, count, true);
  ev.setUint32(12, dirSize, true);
  ev.setUint32(16, offset, true);
  const all = concat([...locals, ...centrals, eocd]);
  return options.truncateTo !== undefined ? all.subarray(0, options.truncateTo) : all;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Pseudo-random bytes (deterministic), for "binary garbage" inputs. */
export function garbage(length: number, seed = 42): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/** A sarcopenia submission zip: one .nii.gz per case plus the area table. */
export function sarcopeniaZip(key: AnswerKey, edit: { masks?: Record<string, Uint8Array | null>; extra?: ZipEntrySpec[]; csv?: Uint8Array | null } = {}): Uint8Array {
  const entries: ZipEntrySpec[] = [];
  key.ids.forEach((id, i) => {
    const override = edit.masks?.[id];
    if (override === null) return;
    entries.push({ name: `${id}.nii.gz`, data: override ?? gzip(niftiBytes(key.masks![i]!)), method: 'store' });
  });
  if (edit.csv !== null) entries.push({ name: 'areas.csv', data: edit.csv ?? csvBytes([['id', 'area'], ...key.ids.map((id, i) => [id, 100 + i])]) });
  entries.push(...(edit.extra ?? []));
  return zipBytes(entries);
}
