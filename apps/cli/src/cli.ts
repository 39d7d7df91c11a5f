import { EXIT_OK, EXIT_USAGE, type CliContext } from './cli-context.js';
import type { CliCommand } from './commands/command.js';
import { auditCommand } from './commands/audit.command.js';
import { importCommand } from './commands/import.command.js';
import { juryCommand } from './commands/jury.command.js';
import { resultsCommand } from './commands/results.command.js';
import { simulateCommand } from './commands/simulate.command.js';
import { submitCommand } from './commands/submit.command.js';
import { workerCommand } from './commands/worker.command.js';

export const commands: readonly CliCommand[] = [importCommand, submitCommand, simulateCommand, workerCommand, juryCommand, auditCommand, resultsCommand];

export function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: npm run podium -- <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `npm run podium -- <command> --help` for the options of a command.',
  ].join('\n');
}

/** Runs one command line and returns the process exit code; never throws for bad input. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    ctx.stdout(topic ? topic.help : usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    ctx.stderr(`Unknown command "${name}".\n\n${usage()}`);
    return EXIT_USAGE;
  }
  return command.run(rest, ctx);
}
