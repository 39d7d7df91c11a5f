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
  /**
   * A secret typed by the user: prompted without echo on a terminal, else read whole from stdin
   * (e.g. `echo "$PW" | podium jury set-password ...`). Absent: no input available.
   */
  readSecret?: (prompt: string) => Promise<string>;
}

export function processCliContext(): CliContext {
  return {
    stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    env: process.env,
    // `npm run podium` runs in the repository root; INIT_CWD is where the user typed the command.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    fetch: globalThis.fetch,
    readSecret: async (prompt) => {
      if (!process.stdin.isTTY) return readAllStdin();
      const first = await promptHidden(prompt);
      if ((await promptHidden('Again, to confirm: ')) !== first) throw new Error('The two entries differ');
      return first;
    },
  };
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline (from echo or a file) is not part of the secret.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolvePromise, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolvePromise(value);
    };
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Error('Cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** A path typed on the command line, resolved against where it was typed. */
export function pathFromCwd(ctx: CliContext, path: string): string {
  return isAbsolute(path) ? path : resolve(ctx.cwd, path);
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
