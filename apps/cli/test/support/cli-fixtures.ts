// Running `podium` in-process and laying out bundle directories, for the command tests.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BundleFiles } from '@podium/event-bundle';
import { runCli } from '../../src/cli.js';
import type { CliContext } from '../../src/cli-context.js';

export interface CliRun {
  code: number;
  /** What the command printed, one write per line. */
  stdout: string;
  stderr: string;
}

/** Runs `podium <args>` as if typed in `cwd`, with only `env` as environment. */
export async function runCliInProcess(args: string[], { cwd, env = {} }: { cwd: string; env?: Record<string, string> }): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, cwd, fetch: globalThis.fetch };
  const code = await runCli(args, ctx);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Writes a bundle's files under `dir`, as an organiser's folder. */
export async function writeBundleDir(dir: string, files: BundleFiles): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
}
