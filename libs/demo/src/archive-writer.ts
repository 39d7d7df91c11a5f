// Byte-for-byte reproducible archives: fflate stamps the current time into zip headers by
// default, which would make the same seed give different bytes on every run.
import { encodeNifti1, type MaskImage } from '@podium/scoring';
import { zipSync, type Zippable } from 'fflate';
import { rleGzip } from './rle-gzip.js';

/**
 * Zip entry time. Zip stores local wall-clock fields, read back through the local time zone,
 * so a Date built from local fields gives the same bytes in every time zone.
 */
const ENTRY_TIME = new Date(2019, 9, 13, 13, 0, 0);

export interface ArchiveEntry {
  path: string;
  bytes: Uint8Array;
  /** Deflate the entry (false for content that is already compressed). */
  compress: boolean;
}

export function zipEntries(entries: readonly ArchiveEntry[]): Uint8Array {
  const files: Zippable = {};
  for (const entry of entries) files[entry.path] = [entry.bytes, { level: entry.compress ? 6 : 0 }];
  return zipSync(files, { mtime: ENTRY_TIME });
}

/** A mask as a gzipped NIfTI-1 file (`.nii.gz`), run-length deflated (see rle-gzip.ts). */
export function encodeMaskFile(mask: MaskImage): Uint8Array {
  return rleGzip(encodeNifti1(mask));
}
