// A bundle carries the answer masks as a zip inside the zip (`answer_masks: keys/x-masks.zip`).
// @podium/scoring's readZip refuses nested archives, rightly for submissions. Until it takes an
// option to keep them, this re-extracts exactly those entries, within the same limits: readZip
// has already checked their declared size and ratio, the extraction writes into a buffer of the
// declared size (a stream that lies cannot grow it), and the sum stays under maxTotalBytes.
import { unzipSync } from 'fflate';
import type { Problem } from '@podium/contracts';
import { DEFAULT_ZIP_LIMITS, type ZipContents, type ZipLimits } from '@podium/scoring';

const JUNK = /(^__MACOSX\/)|((^|\/)(\.DS_Store|Thumbs\.db|\._[^/]*)$)/;

export function keepNestedArchives(zip: Uint8Array, contents: ZipContents, limits: Partial<ZipLimits>, fileName: string): ZipContents {
  const nested = contents.problems.filter((p) => p.code === 'zip.nested_archive' && /\.zip$/i.test(p.found ?? ''));
  if (nested.length === 0) return contents;
  const others = contents.problems.filter((p) => !nested.includes(p));
  if (others.length > 0) return { entries: contents.entries, problems: others };

  const wanted = new Set(nested.map((p) => p.found as string));
  const { maxTotalBytes } = { ...DEFAULT_ZIP_LIMITS, ...limits };
  let budget = maxTotalBytes - [...contents.entries.values()].reduce((sum, bytes) => sum + bytes.length, 0);
  const allNames: string[] = [];
  const problems: Problem[] = [];
  let extracted: Record<string, Uint8Array>;
  try {
    extracted = unzipSync(zip, {
      filter: (file) => {
        allNames.push(file.name);
        if (!wanted.has(file.name)) return false;
        budget -= file.originalSize;
        if (budget < 0) {
          problems.push({ code: 'zip.too_large', message: `${fileName}: declares more than ${maxTotalBytes} bytes uncompressed in total.`, file: fileName });
          return false;
        }
        return true;
      },
    });
  } catch (error) {
    return { entries: contents.entries, problems: [{ code: 'zip.corrupt', message: `${fileName}: a zip inside it cannot be read (${(error as Error).message}).`, file: fileName }] };
  }
  if (problems.length > 0) return { entries: contents.entries, problems };
  // Same rule as readZip: drop a single top-level folder that holds every (non-junk) file.
  const files = allNames.filter((n) => !n.endsWith('/') && !JUNK.test(n));
  const top = files[0]?.includes('/') ? files[0].slice(0, files[0].indexOf('/') + 1) : '';
  const strip = top !== '' && files.every((n) => n.startsWith(top)) ? top : '';
  const entries = new Map(contents.entries);
  for (const [name, bytes] of Object.entries(extracted)) entries.set(name.slice(strip.length), bytes);
  return { entries, problems: [] };
}
