// The bundle's files, from a zip (through @podium/scoring's bounded zip reader) or from a
// directory the CLI read. Both paths end in the same map, checked against the same limits.
import type { Problem } from '@podium/contracts';
import { DEFAULT_ZIP_LIMITS, readZip } from '@podium/scoring';
import type { LoadEventBundleOptions } from '../event-bundle.types.js';
import { checkBundlePath } from './bundle-path.js';

export interface BundleFiles {
  files?: Map<string, Uint8Array>;
  problems: Problem[];
}

export const MANIFEST_NAMES = ['event.yaml', 'event.yml', 'event.json'] as const;

export function unzipBundle(zip: Uint8Array, options: LoadEventBundleOptions = {}): BundleFiles {
  const fileName = options.fileName ?? 'bundle.zip';
  const limits = options.limits ?? {};
  // Answer masks travel as keys/<task>-masks.zip: kept as bytes, their directory checked
  // against the same limits and their contents counted toward the bundle's total.
  const contents = readZip(zip, limits, fileName, { allowNestedArchives: true, ...(options.inflate ? { inflate: options.inflate } : {}) });
  if (contents.problems.length > 0) return { problems: contents.problems };
  if (contents.entries.size === 0) {
    return {
      problems: [
        { code: 'bundle.empty', message: `${fileName}: the zip holds no file; it must contain event.yaml and the answer-key files it references.`, file: fileName },
      ],
    };
  }
  return { files: contents.entries, problems: [] };
}

/** Applies the zip limits to a directory read from disk, and refuses names a zip would refuse. */
export function checkDirectoryFiles(files: Map<string, Uint8Array>, options: LoadEventBundleOptions = {}): BundleFiles {
  const limits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const problems: Problem[] = [];
  if (files.size === 0) {
    problems.push({ code: 'bundle.empty', message: 'the bundle directory holds no file; it must contain event.yaml and the answer-key files it references.' });
    return { problems };
  }
  if (files.size > limits.maxEntries) {
    problems.push({
      code: 'bundle.too_many_files',
      message: `the bundle holds ${files.size} files; at most ${limits.maxEntries} are accepted: keep only event.yaml and the files it references.`,
      expected: `<= ${limits.maxEntries}`,
      found: String(files.size),
    });
    return { problems };
  }
  let total = 0;
  for (const [name, bytes] of files) {
    total += bytes.length;
    const unsafe = checkBundlePath(name);
    if (unsafe) problems.push({ code: 'bundle.unsafe_file_name', message: `bundle file name ${unsafe}`, file: name });
    if (bytes.length > limits.maxEntryBytes) {
      problems.push({ code: 'bundle.file_too_large', message: `${name} is ${bytes.length} bytes; one file may hold at most ${limits.maxEntryBytes}.`, file: name });
    }
  }
  if (total > limits.maxTotalBytes) {
    problems.push({ code: 'bundle.too_large', message: `the bundle holds ${total} bytes; at most ${limits.maxTotalBytes} are accepted.`, expected: `<= ${limits.maxTotalBytes}`, found: String(total) });
  }
  return problems.length > 0 ? { problems } : { files, problems };
}

/** Finds event.yaml (or .yml/.json); exactly one must sit at the bundle's root. */
export function findManifest(files: Map<string, Uint8Array>): { name?: string; problems: Problem[] } {
  const present = MANIFEST_NAMES.filter((name) => files.has(name));
  if (present.length === 1) return { name: present[0], problems: [] };
  if (present.length > 1) {
    return {
      problems: [
        { code: 'bundle.ambiguous_manifest', message: `the bundle holds both ${present.join(' and ')}: keep only one event description.`, file: present[0] },
      ],
    };
  }
  const nested = [...files.keys()].filter((name) => MANIFEST_NAMES.some((m) => name.endsWith(`/${m}`)));
  const seen = [...files.keys()].slice(0, 8).join(', ');
  const hint = nested.length > 0 ? `found ${nested[0]}: put it at the root of the bundle, next to the keys folder` : `the bundle holds: ${seen}${files.size > 8 ? ', ...' : ''}`;
  return {
    problems: [{ code: 'bundle.missing_manifest', message: `event.yaml is missing at the root of the bundle (${hint}); every bundle needs event.yaml or event.json.`, file: 'event.yaml' }],
  };
}
