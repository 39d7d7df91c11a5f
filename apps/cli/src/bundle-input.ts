// Reads what the organiser points `podium import` at: a bundle directory or a zip of it.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Files that editors and OSes drop into folders; never part of an event. */
const IGNORED = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini', '.git', 'node_modules', '__MACOSX']);

export type BundleInput =
  | { kind: 'directory'; files: Map<string, Uint8Array> }
  | { kind: 'zip'; bytes: Uint8Array }
  | { kind: 'error'; message: string };

/** Refuse before reading: the server would refuse anyway, and reading gigabytes takes minutes. */
export const MAX_INPUT_BYTES = 1024 * 1024 * 1024;

export async function readBundleInput(path: string): Promise<BundleInput> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: 'error', message: code === 'ENOENT' ? `${path} does not exist` : `cannot read ${path} (${code ?? String(error)})` };
  }
  if (info.isFile()) {
    if (info.size > MAX_INPUT_BYTES) return { kind: 'error', message: `${path} is ${mib(info.size)} MiB, more than the ${mib(MAX_INPUT_BYTES)} MiB a bundle may weigh` };
    return { kind: 'zip', bytes: new Uint8Array(await readFile(path)) };
  }
  if (!info.isDirectory()) return { kind: 'error', message: `${path} is neither a directory nor a zip file` };
  const files = new Map<string, Uint8Array>();
  let total = 0;
  for (const file of await listFiles(path)) {
    const size = (await stat(file)).size;
    total += size;
    if (total > MAX_INPUT_BYTES) return { kind: 'error', message: `${path} holds more than ${mib(MAX_INPUT_BYTES)} MiB: keep only event.yaml and the files it references` };
    files.set(relative(path, file).split(sep).join('/'), new Uint8Array(await readFile(file)));
  }
  return { kind: 'directory', files };
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (IGNORED.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
