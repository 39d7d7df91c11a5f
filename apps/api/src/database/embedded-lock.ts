// One process at a time on an embedded data directory. A second PGlite on the same files (a
// second `npm start`, a CLI reading them while the server runs) corrupts the database - measured:
// the directory no longer opened afterwards. The holder's pid is written in `podium.lock`; a lock
// whose process is gone (SIGKILL, power cut) is taken over, so a crash never blocks a restart.
// Beside the pid, the process's start time (Linux: /proc/<pid>/stat): pids are reused (after a
// reboot, or once pid_max wraps), and a lock naming another program's pid is not a holder.
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

interface Holder {
  pid: number;
  /** Clock ticks since boot when the holder started; null where /proc is not available. */
  startedAt: string | null;
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces and parentheses). */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(holder: Holder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false; // EPERM: exists, owned by someone else
  }
  const startedAt = holder.startedAt === null ? null : startTimeOf(holder.pid);
  return startedAt === null || startedAt === holder.startedAt; // another start time: the pid was reused
}

function holder(path: string): Holder | null {
  try {
    const [pid, startedAt] = readFileSync(path, 'utf8').trim().split(' ');
    const parsed = Number.parseInt(pid ?? '', 10);
    return Number.isInteger(parsed) && parsed > 0 ? { pid: parsed, startedAt: startedAt ?? null } : null;
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
        const startedAt = startTimeOf(process.pid);
        writeSync(fd, startedAt === null ? `${process.pid}\n` : `${process.pid} ${startedAt}\n`);
        closeSync(fd);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
        const current = holder(path);
        if (current !== null && current.pid !== process.pid && alive(current)) throw new EmbeddedDatabaseBusy(dataDir, current.pid);
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
    if (holder(path)?.pid === process.pid) unlinkSync(path);
  } catch {
    // already gone
  }
}
