// Zip containers read from their central directory. We parse the directory ourselves (fflate's
// unzipSync hides the Unix mode bits we need to refuse symlinks, and inflates into a buffer sized
// by the declared length without stopping a stream that lies): every declared size is checked
// against the limits BEFORE anything is inflated, and each entry is inflated with its declared
// size as a hard output bound, so a zip bomb costs a few kilobytes of work.
import type { Problem } from '@podium/contracts';
import { defaultInflater, type RawInflater } from './inflate.js';
import { ProblemList, problemAt } from './problem-list.js';

export interface ZipLimits {
  /** Most entries in the central directory (directories and macOS junk included). */
  maxEntries: number;
  /** Most uncompressed bytes over all entries. */
  maxTotalBytes: number;
  /** Most uncompressed bytes of one entry. */
  maxEntryBytes: number;
  /** Highest uncompressed/compressed ratio of one entry larger than `ratioMinBytes`. */
  maxRatio: number;
  /** Entries smaller than this skip the ratio check (an empty 512x512 mask compresses ~900:1). */
  ratioMinBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxEntryBytes: 512 * 1024 * 1024,
  maxRatio: 1000,
  ratioMinBytes: 1024 * 1024,
};

export interface ReadZipOptions {
  inflate?: RawInflater;
  /**
   * Keep entries named `*.zip` that are zips (an event bundle's `keys/<task>-masks.zip`)
   * instead of refusing them. The same limits apply to each inner archive's directory (entries,
   * sizes, ratio, paths, no zip inside it), checked here without inflating it, and what it holds
   * uncompressed (at least its own size) counts toward `maxTotalBytes` of this zip. The inner
   * zip is returned as bytes; read it with `readZip` and the same limits. Default false.
   */
  allowNestedArchives?: boolean;
  /**
   * Inflate only the entries (by position in the directory, of `count`) this accepts; the others
   * are listed in `skipped` after their names are checked, their bytes left untouched. One shard
   * of a large zip read on several threads (see `scoreMaskShard`). Default: every entry.
   */
  inflateEntry?: (index: number, count: number) => boolean;
}

export interface ZipContents {
  /** Entry paths (with `/`, a single top-level folder removed) to their bytes. */
  entries: Map<string, Uint8Array>;
  problems: Problem[];
  /** Entries `inflateEntry` left out: in `entries` with no bytes, their content unchecked. */
  skipped: Set<string>;
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
const ZIP64_EOCD_LOCATOR_SIG = 0x07064b50;
const S_IFMT = 0xf000;
const S_IFLNK = 0xa000;
const utf8 = new TextDecoder('utf-8');
const EMPTY = new Uint8Array(0);

interface DirectoryEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  symlink: boolean;
}

/** Reads a zip within `limits`; never throws, never inflates more than the limits allow. */
export function readZip(bytes: Uint8Array, limits: Partial<ZipLimits> = {}, fileName = 'submission.zip', options: ReadZipOptions = {}): ZipContents {
  const lim = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const problems = new ProblemList();
  const entries = new Map<string, Uint8Array>();
  const skipped = new Set<string>();
  const done = () => ({ entries, problems: problems.toArray(), skipped });
  const allowNested = options.allowNestedArchives === true;
  const dir = readDirectory(bytes, lim, fileName, problems, allowNested);
  if (!dir) return done();
  const { files } = dir;
  let total = dir.declaredTotal;
  const atEntry = (entry: string, code: string, what: string, extra: Pick<Problem, 'expected' | 'found'> = {}) =>
    problems.add(problemAt({ file: `${fileName}/${entry}` }, code, what, extra));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (o: number) => view.getUint32(o, true);
  const u16 = (o: number) => view.getUint16(o, true);

  const strip = commonTopFolder(files.map((f) => f.name));
  const inflate = options.inflate ?? defaultInflater;
  for (const [index, e] of files.entries()) {
    const name = e.name.slice(strip.length);
    if (entries.has(name)) {
      atEntry(e.name, 'zip.duplicate_entry', `holds "${name}" twice; keep one.`, { found: e.name });
      continue;
    }
    if (options.inflateEntry && !options.inflateEntry(index, files.length)) {
      entries.set(name, EMPTY);
      skipped.add(name);
      continue;
    }
    const lo = e.localOffset;
    if (lo + 30 > bytes.length || u32(lo) !== LFH_SIG) {
      atEntry(e.name, 'zip.corrupt', `entry "${e.name}" has no local header where the directory says; the zip is damaged.`);
      continue;
    }
    const start = lo + 30 + u16(lo + 26) + u16(lo + 28);
    const end = start + e.compressedSize;
    if (end > bytes.length) {
      atEntry(e.name, 'zip.truncated', `entry "${e.name}" runs past the end of the file; the zip is truncated.`);
      continue;
    }
    const raw = bytes.subarray(start, end);
    let data: Uint8Array;
    if (e.method === 0) {
      if (e.compressedSize !== e.size) {
        atEntry(e.name, 'zip.size_mismatch', `stored entry "${e.name}" declares ${e.size} bytes but holds ${e.compressedSize}.`);
        continue;
      }
      data = raw;
    } else {
      // The declared size is the bound: a stream that produces more is lying, and stops here.
      const result = inflate(raw, e.size);
      if (!result.ok) {
        if (result.reason === 'too_large') atEntry(e.name, 'zip.size_mismatch', `entry "${e.name}" inflates to more than the ${e.size} bytes it declares; the zip is corrupt or hostile.`, { expected: `${e.size} bytes` });
        else atEntry(e.name, 'zip.corrupt', `entry "${e.name}" cannot be inflated (${result.detail}).`);
        continue;
      }
      if (result.data.length !== e.size) {
        atEntry(e.name, 'zip.size_mismatch', `entry "${e.name}" inflates to ${result.data.length} bytes but declares ${e.size}; the zip is truncated or corrupt.`, { expected: `${e.size} bytes`, found: `${result.data.length} bytes` });
        continue;
      }
      data = result.data;
    }
    const zipName = /\.zip$/i.test(e.name);
    if (zipName && allowNested) {
      // Its directory within the same limits, and what it holds toward this zip's total.
      const inner = readDirectory(data, lim, `${fileName}/${e.name}`, problems, false);
      if (!inner) continue;
      total += Math.max(0, inner.declaredTotal - data.length);
      if (total > lim.maxTotalBytes) {
        problems.add(problemAt({ file: fileName }, 'zip.too_large', `holds ${total} bytes uncompressed in total, counting the zips inside it; the limit is ${lim.maxTotalBytes}.`, { expected: `<= ${lim.maxTotalBytes}`, found: String(total) }));
        return done();
      }
    } else if (data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 3 && data[3] === 4) {
      atEntry(e.name, 'zip.nested_archive', `entry "${e.name}" is itself a zip; put the files directly in one zip.`, { found: e.name });
      continue;
    }
    entries.set(name, data);
  }
  return done();
}

/**
 * The central directory only: every entry is checked against the limits (count, sizes, ratio,
 * paths, links, encryption, method, nested zips by name unless allowed) before anything is
 * inflated. Null when the zip cannot be read at all or the declared total is over the limit.
 */
function readDirectory(
  bytes: Uint8Array,
  lim: ZipLimits,
  fileName: string,
  problems: ProblemList,
  allowNested: boolean,
): { files: DirectoryEntry[]; declaredTotal: number } | null {
  const at = (code: string, what: string, extra: Pick<Problem, 'expected' | 'found'> = {}) => problems.add(problemAt({ file: fileName }, code, what, extra));
  // Problems of one entry name it as `team.zip/path/in/zip`.
  const atEntry = (entry: string, code: string, what: string, extra: Pick<Problem, 'expected' | 'found'> = {}) =>
    problems.add(problemAt({ file: `${fileName}/${entry}` }, code, what, extra));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (o: number) => view.getUint32(o, true);
  const u16 = (o: number) => view.getUint16(o, true);
  if (bytes.length === 0) {
    at('zip.empty', 'is empty (0 bytes); upload the zip again.');
    return null;
  }
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) {
    const startsLikeZip = bytes.length >= 4 && u32(0) === LFH_SIG;
    if (startsLikeZip) at('zip.truncated', 'is truncated: its central directory (the end of the file) is missing; upload it again.');
    else at('zip.not_a_zip', 'is not a zip archive.', { expected: 'a .zip file', found: describeMagic(bytes) });
    return null;
  }
  const count = u16(eocd + 10);
  const dirSize = u32(eocd + 12);
  const dirOffset = u32(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff || (eocd >= 20 && u32(eocd - 20) === ZIP64_EOCD_LOCATOR_SIG)) {
    at('zip.unsupported_zip64', 'uses the ZIP64 format (meant for archives over 4 GB); a submission must be a plain zip.');
    return null;
  }
  if (count > lim.maxEntries) {
    at('zip.too_many_entries', `has ${count} entries; at most ${lim.maxEntries} are accepted.`, { expected: `<= ${lim.maxEntries}`, found: String(count) });
    return null;
  }
  if (dirOffset + dirSize > eocd) {
    at('zip.truncated', 'is truncated or corrupt: its central directory points past the end of the file.');
    return null;
  }

  // Pass 1: the central directory only. Nothing is inflated until every declared size passes.
  const directory: DirectoryEntry[] = [];
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || u32(p) !== CDH_SIG) {
      at('zip.corrupt', `central directory entry ${i + 1} of ${count} is damaged.`);
      return null;
    }
    const nameLen = u16(p + 28);
    const next = p + 46 + nameLen + u16(p + 30) + u16(p + 32);
    if (next > eocd) {
      at('zip.corrupt', `central directory entry ${i + 1} of ${count} runs past the directory.`);
      return null;
    }
    const hostOs = u16(p + 4) >>> 8;
    const mode = u32(p + 38) >>> 16;
    directory.push({
      name: utf8.decode(bytes.subarray(p + 46, p + 46 + nameLen)).replace(/\\/g, '/'),
      flags: u16(p + 8),
      method: u16(p + 10),
      compressedSize: u32(p + 20),
      size: u32(p + 24),
      localOffset: u32(p + 42),
      symlink: hostOs === 3 && (mode & S_IFMT) === S_IFLNK,
    });
    p = next;
  }

  const files: DirectoryEntry[] = [];
  let declaredTotal = 0;
  for (const e of directory) {
    if (isJunk(e.name) || e.name.endsWith('/')) continue;
    const unsafe = unsafePathReason(e.name);
    if (unsafe) {
      atEntry(e.name, unsafe.code, unsafe.what, { found: e.name });
      continue;
    }
    if (e.symlink) {
      atEntry(e.name, 'zip.symlink', `entry "${e.name}" is a symbolic link; put the file itself in the zip.`, { found: e.name });
      continue;
    }
    if (e.flags & 1) {
      atEntry(e.name, 'zip.encrypted', `entry "${e.name}" is encrypted; zip it without a password.`, { found: e.name });
      continue;
    }
    if (e.method !== 0 && e.method !== 8) {
      atEntry(e.name, 'zip.unsupported_compression', `entry "${e.name}" uses compression method ${e.method}; only stored and deflate are read.`, { expected: '0 (stored) or 8 (deflate)', found: String(e.method) });
      continue;
    }
    if (e.size > lim.maxEntryBytes) {
      atEntry(e.name, 'zip.entry_too_large', `entry "${e.name}" declares ${e.size} bytes uncompressed; the limit is ${lim.maxEntryBytes}.`, { expected: `<= ${lim.maxEntryBytes}`, found: String(e.size) });
      continue;
    }
    if (e.size >= lim.ratioMinBytes && e.size > lim.maxRatio * Math.max(1, e.compressedSize)) {
      const ratio = Math.round(e.size / Math.max(1, e.compressedSize));
      atEntry(e.name, 'zip.ratio_too_high', `entry "${e.name}" expands ${ratio}:1 (limit ${lim.maxRatio}:1); this looks like a zip bomb.`, { expected: `<= ${lim.maxRatio}:1`, found: `${ratio}:1` });
      continue;
    }
    if (!allowNested && /\.zip$/i.test(e.name)) {
      atEntry(e.name, 'zip.nested_archive', `entry "${e.name}" is itself a zip; put the files directly in one zip.`, { found: e.name });
      continue;
    }
    declaredTotal += e.size;
    files.push(e);
  }
  if (declaredTotal > lim.maxTotalBytes) {
    at('zip.too_large', `declares ${declaredTotal} bytes uncompressed in total; the limit is ${lim.maxTotalBytes}.`, { expected: `<= ${lim.maxTotalBytes}`, found: String(declaredTotal) });
    return null;
  }
  return { files, declaredTotal };
}

function findEndOfCentralDirectory(view: DataView): number {
  // The EOCD record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const last = view.byteLength - 22;
  const first = Math.max(0, last - 65535);
  for (let i = last; i >= first; i--) {
    if (view.getUint32(i, true) === EOCD_SIG && i + 22 + view.getUint16(i + 20, true) <= view.byteLength) return i;
  }
  return -1;
}

/** macOS Finder and AppleDouble litter: never part of a submission. */
function isJunk(name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return name.startsWith('__MACOSX/') || base === '.DS_Store' || base.startsWith('._') || base === 'Thumbs.db';
}

function unsafePathReason(name: string): { code: string; what: string } | undefined {
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) {
    return { code: 'zip.absolute_path', what: `entry "${name}" has an absolute path; zip files with relative names.` };
  }
  if (name.split('/').some((s) => s === '..')) {
    return { code: 'zip.path_traversal', what: `entry "${name}" climbs out of the archive with "..".` };
  }
  if (name.includes('\0')) return { code: 'zip.bad_name', what: `an entry name contains a NUL byte.` };
  return undefined;
}

/** "masks/" when every file sits in that one folder (people zip the folder, not its contents). */
function commonTopFolder(names: string[]): string {
  if (names.length === 0) return '';
  const slash = names[0]!.indexOf('/');
  if (slash < 0) return '';
  const top = names[0]!.slice(0, slash + 1);
  return names.every((n) => n.startsWith(top)) ? top : '';
}

function describeMagic(bytes: Uint8Array): string {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'a gzip file';
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'a PNG image';
  const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `first bytes ${head}`;
}
