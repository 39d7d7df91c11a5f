// NIfTI-1 single-file (.nii / .nii.gz) masks. We read the 348-byte header ourselves rather than
// through nifti-reader-js: we need every field checked against the byte count before trusting it
// (a header that lies must give a problem, not a huge allocation), zero-copy data for uint8
// masks, and a bounded gunzip; the header is a fixed table of offsets, so this is short.
import { gzipSync } from 'fflate';
import type { Problem } from '@podium/contracts';
import type { MaskImage } from '../types.js';
import { binarizeBytes, binarizeValues, type BinarizeRule } from './binarize.js';
import { gunzipBounded, isGzip, type RawInflater } from './inflate.js';
import { problemAt } from './problem-list.js';

const HEADER_BYTES = 348;
const NIFTI2_HEADER_BYTES = 540;
const MIN_VOX_OFFSET = 352;
/** Default cap on one decoded image: 512 MiB (a 500x512x512 float32 volume). */
export const DEFAULT_MAX_IMAGE_BYTES = 512 * 1024 * 1024;

type DatatypeName = 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64' | 'int64' | 'uint64';

const DATATYPES: Record<number, { name: DatatypeName; bytes: number }> = {
  2: { name: 'uint8', bytes: 1 },
  4: { name: 'int16', bytes: 2 },
  8: { name: 'int32', bytes: 4 },
  16: { name: 'float32', bytes: 4 },
  64: { name: 'float64', bytes: 8 },
  256: { name: 'int8', bytes: 1 },
  512: { name: 'uint16', bytes: 2 },
  768: { name: 'uint32', bytes: 4 },
  1024: { name: 'int64', bytes: 8 },
  1280: { name: 'uint64', bytes: 8 },
};
const DATATYPE_CODES = Object.fromEntries(Object.entries(DATATYPES).map(([code, t]) => [t.name, Number(code)])) as Record<
  DatatypeName,
  number
>;

export interface DecodeMaskOptions extends BinarizeRule {
  /** Raw-DEFLATE inflater (default: `defaultInflater`, Node's zlib where available, else fflate). */
  inflate?: RawInflater;
  /** Largest decoded file accepted, in bytes (default 512 MiB). */
  maxBytes?: number;
  /** Case id to attach to problems. */
  caseId?: string;
}

export interface DecodedMask {
  image?: MaskImage;
  problems: Problem[];
}

export interface NiftiHeader {
  littleEndian: boolean;
  dims: [number, number, number];
  spacing: [number, number, number];
  datatype: number;
  bitpix: number;
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
}

/** Decodes a `.nii` or `.nii.gz` (sniffed from the bytes, not the name) into a binary mask. */
export function decodeNifti(bytes: Uint8Array, fileName: string, options: DecodeMaskOptions = {}): DecodedMask {
  const where = { file: fileName, ...(options.caseId !== undefined ? { caseId: options.caseId } : {}) };
  const fail = (code: string, what: string, extra: Pick<Problem, 'expected' | 'found'> = {}): DecodedMask => ({
    problems: [problemAt(where, code, what, extra)],
  });
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  let raw = bytes;
  if (isGzip(bytes)) {
    const gz = gunzipBounded(bytes, maxBytes, options.inflate);
    if (!gz.ok) {
      if (gz.reason === 'too_large') {
        return fail('nifti.too_large', `decompresses to more than ${maxBytes} bytes; a mask should be far smaller.`, {
          expected: `<= ${maxBytes} bytes`,
        });
      }
      return fail('gzip.corrupt', `cannot be gunzipped (${gz.detail}); re-export the mask as .nii.gz or .nii.`);
    }
    raw = gz.data;
  }
  const parsed = readNiftiHeader(raw);
  if ('code' in parsed) return fail(parsed.code, parsed.what, parsed.extra);
  const header = parsed;
  const type = DATATYPES[header.datatype]!;
  const voxels = header.dims[0] * header.dims[1] * header.dims[2];
  const dataBytes = voxels * type.bytes;
  if (header.voxOffset + dataBytes > maxBytes) {
    return fail('nifti.too_large', `header declares ${dataBytes} bytes of voxels, above the ${maxBytes}-byte limit.`, {
      expected: `<= ${maxBytes} bytes`,
      found: `${dataBytes} bytes`,
    });
  }
  if (raw.length < header.voxOffset + dataBytes) {
    return fail(
      'nifti.truncated',
      `header declares ${header.dims.join('x')} ${type.name} voxels (${dataBytes} bytes from offset ${header.voxOffset}) but the file holds only ${Math.max(0, raw.length - header.voxOffset)}; the file is truncated or its header is wrong.`,
      { expected: `${header.voxOffset + dataBytes} bytes`, found: `${raw.length} bytes` },
    );
  }
  const binary = binarizeVoxels(raw, header, voxels, options);
  if (!binary.ok) {
    const what =
      binary.reason === 'non_finite'
        ? `${binary.count} voxel(s) are NaN or infinite (first at index ${binary.index}); masks must hold 0 and 1.`
        : `${binary.count} voxel(s) are neither 0 nor 1 (first: ${binary.value} at index ${binary.index}); masks must be binary.`;
    return fail(binary.reason === 'non_finite' ? 'mask.non_finite' : 'mask.non_binary', what, {
      expected: '0 or 1',
      found: String(binary.value),
    });
  }
  return { image: { dims: header.dims, spacing: header.spacing, data: binary.data }, problems: [] };
}

type HeaderFailure = { code: string; what: string; extra?: Pick<Problem, 'expected' | 'found'> };

/** Reads and checks the NIfTI-1 header of an uncompressed file. */
export function readNiftiHeader(raw: Uint8Array): NiftiHeader | HeaderFailure {
  if (raw.length < HEADER_BYTES) {
    return { code: 'nifti.truncated', what: `only ${raw.length} bytes; a NIfTI-1 header alone is 348.`, extra: { expected: '>= 352 bytes', found: `${raw.length} bytes` } };
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  let le = true;
  const sizeLe = view.getInt32(0, true);
  const sizeBe = view.getInt32(0, false);
  if (sizeLe === HEADER_BYTES) le = true;
  else if (sizeBe === HEADER_BYTES) le = false;
  else if (sizeLe === NIFTI2_HEADER_BYTES || sizeBe === NIFTI2_HEADER_BYTES) {
    return { code: 'nifti.unsupported_version', what: 'is NIfTI-2; save the mask as NIfTI-1 (.nii/.nii.gz).', extra: { expected: 'NIfTI-1', found: 'NIfTI-2' } };
  } else {
    return { code: 'nifti.bad_magic', what: 'is not a NIfTI-1 file (first 4 bytes are not 348).', extra: { expected: 'sizeof_hdr = 348', found: String(sizeLe) } };
  }
  const magic = String.fromCharCode(raw[344]!, raw[345]!, raw[346]!);
  if (magic === 'ni1') {
    return { code: 'nifti.separate_image_file', what: 'is a header-only .hdr/.img pair; save a single-file .nii or .nii.gz.', extra: { expected: 'n+1', found: 'ni1' } };
  }
  if (magic !== 'n+1' || raw[347] !== 0) {
    return { code: 'nifti.bad_magic', what: `has magic "${magic.replace(/[^\x20-\x7e]/g, '?')}" instead of "n+1".`, extra: { expected: 'n+1', found: magic.replace(/[^\x20-\x7e]/g, '?') } };
  }
  const ndim = view.getInt16(40, le);
  const dim = [1, 2, 3, 4, 5, 6, 7].map((i) => view.getInt16(40 + 2 * i, le));
  if (ndim < 1 || ndim > 7) {
    return { code: 'nifti.bad_dimensions', what: `dim[0] is ${ndim}; it must be between 1 and 7.`, extra: { expected: '1..7', found: String(ndim) } };
  }
  const sizes = dim.slice(0, ndim);
  if (sizes.some((d) => d < 1)) {
    return { code: 'nifti.bad_dimensions', what: `dimensions ${sizes.join('x')} include a size below 1.`, extra: { expected: 'sizes >= 1', found: sizes.join('x') } };
  }
  if (sizes.slice(3).some((d) => d !== 1)) {
    return { code: 'nifti.bad_dimensions', what: `has dimensions ${sizes.join('x')}; a mask has at most 3 spatial dimensions.`, extra: { expected: 'x, y, z only', found: sizes.join('x') } };
  }
  const dims: [number, number, number] = [sizes[0] ?? 1, sizes[1] ?? 1, sizes[2] ?? 1];
  const datatype = view.getInt16(70, le);
  const type = DATATYPES[datatype];
  if (!type) {
    return { code: 'nifti.unsupported_datatype', what: `datatype ${datatype} is not an integer or float type; save the mask as uint8.`, extra: { expected: 'uint8/int8/int16/uint16/int32/uint32/int64/uint64/float32/float64', found: String(datatype) } };
  }
  const bitpix = view.getInt16(72, le);
  if (bitpix !== type.bytes * 8) {
    return { code: 'nifti.bad_bitpix', what: `bitpix is ${bitpix} but datatype ${type.name} has ${type.bytes * 8} bits.`, extra: { expected: String(type.bytes * 8), found: String(bitpix) } };
  }
  const spacing = [1, 2, 3].map((i) => {
    const p = Math.abs(view.getFloat32(76 + 4 * i, le));
    // pixdim 0 or garbage means "unknown": 1 mm, as MaskImage documents.
    return Number.isFinite(p) && p > 0 ? p : 1;
  }) as [number, number, number];
  const voxOffset = view.getFloat32(108, le);
  if (!Number.isInteger(voxOffset) || voxOffset < MIN_VOX_OFFSET) {
    return { code: 'nifti.bad_vox_offset', what: `vox_offset is ${voxOffset}; single-file NIfTI-1 data starts at 352 or later.`, extra: { expected: '>= 352', found: String(voxOffset) } };
  }
  const slope = view.getFloat32(112, le);
  const inter = view.getFloat32(116, le);
  // NIfTI-1: a slope of 0 (or a non-number) means "no scaling".
  const scaled = Number.isFinite(slope) && slope !== 0;
  return {
    littleEndian: le,
    dims,
    spacing,
    datatype,
    bitpix,
    voxOffset,
    sclSlope: scaled ? slope : 1,
    sclInter: scaled && Number.isFinite(inter) ? inter : 0,
  };
}

function binarizeVoxels(raw: Uint8Array, header: NiftiHeader, voxels: number, rule: BinarizeRule) {
  const type = DATATYPES[header.datatype]!;
  const start = raw.byteOffset + header.voxOffset;
  const bytes = raw.subarray(header.voxOffset, header.voxOffset + voxels * type.bytes);
  if (type.name === 'uint8' && header.sclSlope === 1 && header.sclInter === 0) return binarizeBytes(bytes, rule);
  const values = typedView(raw, start, bytes, voxels, type.name, header.littleEndian);
  return binarizeValues(values, header.sclSlope, header.sclInter, rule);
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function typedView(raw: Uint8Array, start: number, bytes: Uint8Array, n: number, name: DatatypeName, le: boolean): ArrayLike<number> {
  const size = DATATYPES[DATATYPE_CODES[name]]!.bytes;
  // Typed arrays need native byte order and alignment; otherwise copy through a DataView.
  const aligned = start % size === 0 ? raw.buffer : bytes.slice().buffer;
  const offset = start % size === 0 ? start : 0;
  if (le !== LITTLE_ENDIAN_HOST && size > 1) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = readOne(view, i * size, name, le);
    return out;
  }
  switch (name) {
    case 'uint8':
      return new Uint8Array(aligned, offset, n);
    case 'int8':
      return new Int8Array(aligned, offset, n);
    case 'int16':
      return new Int16Array(aligned, offset, n);
    case 'uint16':
      return new Uint16Array(aligned, offset, n);
    case 'int32':
      return new Int32Array(aligned, offset, n);
    case 'uint32':
      return new Uint32Array(aligned, offset, n);
    case 'float32':
      return new Float32Array(aligned, offset, n);
    case 'float64':
      return new Float64Array(aligned, offset, n);
    case 'int64':
    case 'uint64': {
      const big = name === 'int64' ? new BigInt64Array(aligned, offset, n) : new BigUint64Array(aligned, offset, n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Number(big[i]!);
      return out;
    }
  }
}

function readOne(view: DataView, at: number, name: DatatypeName, le: boolean): number {
  switch (name) {
    case 'uint8':
      return view.getUint8(at);
    case 'int8':
      return view.getInt8(at);
    case 'int16':
      return view.getInt16(at, le);
    case 'uint16':
      return view.getUint16(at, le);
    case 'int32':
      return view.getInt32(at, le);
    case 'uint32':
      return view.getUint32(at, le);
    case 'float32':
      return view.getFloat32(at, le);
    case 'float64':
      return view.getFloat64(at, le);
    case 'int64':
      return Number(view.getBigInt64(at, le));
    case 'uint64':
      return Number(view.getBigUint64(at, le));
  }
}

export interface EncodeNiftiOptions {
  datatype?: 'uint8' | 'int16' | 'float32';
  gzip?: boolean;
  /** Write these values instead of `mask.data` (tests: non-binary or NaN voxels). */
  values?: ArrayLike<number>;
  /** Default true. */
  littleEndian?: boolean;
  sclSlope?: number;
  sclInter?: number;
}

/** Writes a single-file NIfTI-1 (`n+1`, data at offset 352), optionally gzipped. */
export function encodeNifti1(mask: MaskImage, options: EncodeNiftiOptions = {}): Uint8Array {
  const name = options.datatype ?? 'uint8';
  const size = DATATYPES[DATATYPE_CODES[name]]!.bytes;
  const values = options.values ?? mask.data;
  const n = mask.dims[0] * mask.dims[1] * mask.dims[2];
  if (values.length !== n) throw new RangeError(`encodeNifti1: ${values.length} values for dims ${mask.dims.join('x')}`);
  const le = options.littleEndian ?? true;
  const out = new Uint8Array(MIN_VOX_OFFSET + n * size);
  const view = new DataView(out.buffer);
  view.setInt32(0, HEADER_BYTES, le);
  const ndim = mask.dims[2] > 1 ? 3 : 2;
  view.setInt16(40, ndim, le);
  for (let i = 0; i < 7; i++) view.setInt16(42 + 2 * i, i < 3 ? mask.dims[i]! : 1, le);
  view.setInt16(70, DATATYPE_CODES[name], le);
  view.setInt16(72, size * 8, le);
  view.setFloat32(76, 1, le); // qfac
  for (let i = 0; i < 3; i++) view.setFloat32(80 + 4 * i, mask.spacing[i]!, le);
  view.setFloat32(108, MIN_VOX_OFFSET, le);
  view.setFloat32(112, options.sclSlope ?? 1, le);
  view.setFloat32(116, options.sclInter ?? 0, le);
  out[123] = 2; // xyzt_units: millimetres
  out.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"
  if (name === 'uint8' && le) {
    out.set(values as ArrayLike<number>, MIN_VOX_OFFSET);
  } else {
    for (let i = 0; i < n; i++) {
      const at = MIN_VOX_OFFSET + i * size;
      const v = values[i]!;
      if (name === 'uint8') view.setUint8(at, v);
      else if (name === 'int16') view.setInt16(at, v, le);
      else view.setFloat32(at, v, le);
    }
  }
  return options.gzip ? gzipSync(out, { level: 6 }) : out;
}
