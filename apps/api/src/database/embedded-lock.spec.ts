import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedDatabaseBusy, LOCK_FILE, lockEmbeddedDataDir } from './embedded-lock.js';

describe('embedded data directory lock', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'podium-lock-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('writes this process id, is shared within the process, and goes with the last holder', () => {
    const dir = newDir();
    const first = lockEmbeddedDataDir(dir);
    const second = lockEmbeddedDataDir(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').split(' ')[0]?.trim()).toBe(String(process.pid));
    first();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    second();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('refuses a directory another live process holds, naming it', async () => {
    const dir = newDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, LOCK_FILE), `${other.pid}\n`);
      expect(() => lockEmbeddedDataDir(dir)).toThrow(EmbeddedDatabaseBusy);
      expect(() => lockEmbeddedDataDir(dir)).toThrow(`in use by process ${other.pid}`);
    } finally {
      other.kill('SIGKILL');
      await new Promise((r) => other.once('exit', r));
    }
    // Its holder is gone (a crash): the next start takes the directory over.
    const release = lockEmbeddedDataDir(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').split(' ')[0]?.trim()).toBe(String(process.pid));
    release();
  });

  it.runIf(existsSync('/proc/self/stat'))('takes over a lock whose pid now belongs to another program (pid reused after a reboot)', async () => {
    const dir = newDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const stat = readFileSync(`/proc/${other.pid}/stat`, 'utf8');
      const startedAt = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      // The holder as recorded: that very process. Busy.
      writeFileSync(join(dir, LOCK_FILE), `${other.pid} ${startedAt}\n`);
      expect(() => lockEmbeddedDataDir(dir)).toThrow(EmbeddedDatabaseBusy);
      // The same pid started at another time: a different process, so the lock is stale.
      writeFileSync(join(dir, LOCK_FILE), `${other.pid} ${Number(startedAt) + 1}\n`);
      const release = lockEmbeddedDataDir(dir);
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+\n$`));
      release();
    } finally {
      other.kill('SIGKILL');
      await new Promise((r) => other.once('exit', r));
    }
  });
});
