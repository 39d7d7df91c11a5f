// One process at a time on an embedded data directory. A second PGlite on the same files (a
// second `npm start`, a CLI reading them while the server runs) corrupts the database - measured:
// the directory no longer opened afterwards. The holder's pid is written in `podium.lock`; a lock
// whose process is gone (SIGKILL, power cut) is taken over, so a crash never blocks a restart.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'podium.lock';

export class EmbeddedDatabaseBusy extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid} (a running Podium server). ` +
        'One process at a time may open it: stop that server, or go through its API.',
    );
    this.name = 'EmbeddedDatabaseBusy';
  }
}

/** Directories this process holds, with how many data sources share each (tests reopen one). */
const held = new Map<string, number>();
let exitHookInstalled = false;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function holder(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the directory for this process (or joins this process's hold); the returned function lets go. */
export function lockEmbeddedDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  const count = held.get(dataDir) ?? 0;
  if (count === 0) {
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
        const pid = holder(path);
        if (pid !== null && pid !== process.pid && alive(pid)) throw new EmbeddedDatabaseBusy(dataDir, pid);
        unlinkSync(path); // left by a process that is gone: take it over
      }
    }
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', () => {
        for (const dir of held.keys()) removeIfOurs(join(dir, LOCK_FILE));
      });
    }
  }
  held.set(dataDir, count + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (held.get(dataDir) ?? 1) - 1;
    if (left > 0) return void held.set(dataDir, left);
    held.delete(dataDir);
    removeIfOurs(path);
  };
}

function removeIfOurs(path: string): void {
  try {
    if (holder(path) === process.pid) unlinkSync(path);
  } catch {
    // already gone
  }
}
