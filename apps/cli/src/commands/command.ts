import type { CliContext } from '../cli-context.js';

/** One `podium <name>` command. New commands (submit, worker, jury) implement this and join the registry. */
export interface CliCommand {
  name: string;
  /** One line for `podium --help`. */
  summary: string;
  /** Full text for `podium <name> --help`. */
  help: string;
  run(args: string[], ctx: CliContext): Promise<number>;
}
