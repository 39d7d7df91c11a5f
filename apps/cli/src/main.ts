// Entry point of `npm run podium -- <command>`.
import { runCli } from './cli.js';
import { processCliContext } from './cli-context.js';

// `podium ... | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const ctx = processCliContext();
runCli(process.argv.slice(2), ctx).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Commands report bad input themselves; reaching here is a bug in Podium, not in the user's input.
    ctx.stderr(`podium: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 70;
  },
);
