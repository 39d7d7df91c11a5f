import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT_OK, EXIT_USAGE, type CliContext } from '../cli-context.js';

/** One `podium <name>` command. New commands (submit, worker, jury) implement this and join the registry. */
export interface CliCommand {
  name: string;
  /** One line for `podium --help`. */
  summary: string;
  /** Full text for `podium <name> --help`. */
  help: string;
  run(args: string[], ctx: CliContext): Promise<number>;
}

/**
 * Parses a command's arguments with node:util parseArgs. Usage errors and `--help` are answered
 * here (help text on the right stream), so a command gets either its parsed values or the exit code.
 */
export function parseCommandArgs<const T extends ParseArgsConfig>(config: T, help: string, ctx: CliContext): ReturnType<typeof parseArgs<T>> | number {
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    ctx.stderr(`${(error as Error).message}\n\n${help}`);
    return EXIT_USAGE;
  }
  if ((parsed.values as { help?: boolean }).help) {
    ctx.stdout(help);
    return EXIT_OK;
  }
  return parsed;
}
