// Content-addressed files on disk for the embedded database: `<data dir>/blobs/<aa>/<sha256>`.
// Megabytes of bytea through PGlite (WASM, on the main thread) block the event loop for about a
// second per 500-mask zip; plain files are written and read by libuv's thread pool instead.
// A file is complete and fsynced (data, then its directory entry) before the row that names it
// commits, so a committed row always finds its bytes; a file without a row (a crash or a rollback
// between the two) is harmless and removed by `sweep`.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const TEMP_PREFIX = '.tmp-';

export class BlobFiles {
  /** Shard directories known to exist (saves a mkdir per write). */
  private readonly shards = new Set<string>();

  constructor(readonly root: string) {}

  path(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  /**
   * Writes the bytes under their sha256; durable on return. Rewriting a file that exists is
   * harmless (same name, same bytes) and cheaper than asking first.
   */
  async write(sha256: string, bytes: Uint8Array): Promise<void> {
    const target = this.path(sha256);
    const dir = join(this.root, sha256.slice(0, 2));
    if (!this.shards.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.shards.add(dir);
    }
    // Write aside, fsync, then rename: a reader never sees a partial file under the final name.
    const temp = join(dir, `${TEMP_PREFIX}${sha256}-${randomBytes(4).toString('hex')}`);
    const file = await open(temp, 'w');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, target);
    await syncDirectory(dir);
  }

  /** The bytes, or undefined when there is no such file. */
  async read(sha256: string): Promise<Uint8Array | undefined> {
    try {
      const buffer = await readFile(this.path(sha256));
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /**
   * Removes leftovers of interrupted writes and files no row names (`isKnown` false), among the
   * files last modified before `before` only: a newer file may belong to a transaction still
   * open. Pass the process start time. Returns how many files were removed.
   */
  async sweep(isKnown: (sha256: string) => boolean, before: Date): Promise<number> {
    let removed = 0;
    const shards = await readdir(this.root).catch(() => [] as string[]);
    for (const shard of shards) {
      const dir = join(this.root, shard);
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        if (!(name.startsWith(TEMP_PREFIX) || (SHA256_HEX.test(name) && !isKnown(name)))) continue;
        const info = await stat(join(dir, name)).catch(() => null);
        if (!info || info.mtimeMs >= before.getTime()) continue;
        await rm(join(dir, name), { force: true });
        removed++;
      }
    }
    return removed;
  }
}

/** fsync of a directory makes a rename in it durable (Linux; elsewhere opening a directory may fail). */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw error;
  } finally {
    await handle.close();
  }
}
