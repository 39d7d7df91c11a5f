// Everything a command touches in the outside world, injected so tests run commands in-process
// against a local HTTP server and read what they printed.
import { isAbsolute, resolve } from 'node:path';

export interface CliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** Directory that relative paths on the command line are resolved against. */
  cwd: string;
  fetch: typeof fetch;
}

export function processCliContext(): CliContext {
  return {
    stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    env: process.env,
    // `npm run podium` runs in the repository root; INIT_CWD is where the user typed the command.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    fetch: globalThis.fetch,
  };
}

/** A path typed on the command line, resolved against where it was typed. */
export function pathFromCwd(ctx: CliContext, path: string): string {
  return isAbsolute(path) ? path : resolve(ctx.cwd, path);
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
