// Byte-for-byte reproducible archives: fflate stamps the current time into gzip and zip
// headers by default, which would make the same seed give different bytes on every run.
import { encodeNifti1, type MaskImage } from '@podium/scoring';
import { gzipSync, zipSync, type Zippable } from 'fflate';

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

/** Gzips one file. Injectable so a Node caller can use native zlib (~10x faster). */
export type GzipFunction = (data: Uint8Array) => Uint8Array;

/**
 * The default, pure-JS gzip: fflate at level 1 (masks are long runs of 0 and 1 and compress
 * ~75:1 even at the fastest level), with a zero timestamp so the bytes never vary.
 */
export const fflateGzip: GzipFunction = (data) => gzipSync(data, { level: 1, mtime: 0 });

/** A mask as a gzipped NIfTI-1 file (`.nii.gz`). */
export function encodeMaskFile(mask: MaskImage, gzip: GzipFunction = fflateGzip): Uint8Array {
  return gzip(encodeNifti1(mask));
}
