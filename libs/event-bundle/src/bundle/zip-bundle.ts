import { zipSync, type Zippable } from 'fflate';

/** Already-compressed files are stored as is: deflating them again costs time and saves nothing. */
const STORED = /\.(zip|gz|png|jpe?g)$/i;

/** Zips bundle files (path -> bytes or UTF-8 text) the way `podium import` uploads a directory. */
export function zipBundleFiles(files: Map<string, Uint8Array | string> | Record<string, Uint8Array | string>): Uint8Array {
  const entries = files instanceof Map ? [...files] : Object.entries(files);
  const zippable: Zippable = {};
  for (const [name, content] of entries) {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    // A fixed date keeps the zip bytes identical across runs (reproducible uploads and tests).
    zippable[name] = [bytes, { level: STORED.test(name) ? 0 : 6, mtime: new Date('2020-01-01T00:00:00Z') }];
  }
  return zipSync(zippable);
}
