export { normalizeCaseId } from './case-id.js';
export { ProblemList, DEFAULT_PROBLEM_CAP } from './problem-list.js';
export { fflateInflater, createZlibInflater, gunzipBounded, isGzip } from './inflate.js';
export type { RawInflater, InflateOutcome, ZlibLike, GunzipOutcome } from './inflate.js';
export type { BinarizeRule } from './binarize.js';
export { decodeNifti, encodeNifti1, readNiftiHeader, DEFAULT_MAX_IMAGE_BYTES } from './nifti-codec.js';
export type { DecodeMaskOptions, DecodedMask, EncodeNiftiOptions, NiftiHeader } from './nifti-codec.js';
