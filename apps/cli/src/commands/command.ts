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

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Every command takes `-h, --help`. */
const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;

type ParsedCommandArgs<O extends ParseArgsOptionsConfig, P extends boolean> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & typeof HELP_OPTION; allowPositionals: P }>
>;

/**
 * Parses a command's arguments with node:util parseArgs, `--help` included. Usage errors and
 * `--help` are answered here (help text on the right stream), so a command gets either its parsed
 * values or the exit code.
 */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig, const P extends boolean = false>(
  args: string[],
  options: O,
  { help, ctx, positionals }: { help: string; ctx: CliContext; positionals?: P },
): ParsedCommandArgs<O, P> | number {
  let parsed: ParsedCommandArgs<O, P>;
  try {
    parsed = parseArgs({ args, options: { ...options, ...HELP_OPTION }, allowPositionals: positionals ?? false }) as ParsedCommandArgs<O, P>;
  } catch (error) {
    return usageError(ctx, help, (error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    ctx.stdout(help);
    return EXIT_OK;
  }
  return parsed;
}

/** Wrong usage: says what is wrong, then the command's help, on stderr. */
export function usageError(ctx: CliContext, help: string, message: string): number {
  ctx.stderr(`${message}\n\n${help}`);
  return EXIT_USAGE;
}
