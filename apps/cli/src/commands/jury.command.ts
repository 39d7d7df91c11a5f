// `podium jury set-password --event E --login L`: sets a jury member's password through the
// server (POST /api/admin/events/:event/jury/:login/password with the admin token): the embedded
// database belongs to the running server, so the CLI never writes it. The password is prompted
// without echo (twice) or read from stdin, and never printed.
import { JURY_PASSWORD_MIN_LENGTH, juryPasswordPath, type ProblemDetails } from '@podium/contracts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliContext } from '../cli-context.js';
import { DEFAULT_SERVER, resolveServerUrl } from '../server-url.js';
import { formatProblems } from '../terminal-format.js';
import { parseCommandArgs, usageError, type CliCommand } from './command.js';

const HELP = `Usage: npm run podium -- jury set-password --event <slug> --login <login> [options]

Sets or resets the password of a jury member (from the bundle's jury: list); their open sessions
end. The password (at least ${JURY_PASSWORD_MIN_LENGTH} characters) is asked twice without echo, or read
from stdin:  printf '%s' "$PASSWORD" | npm run podium -- jury set-password --event E --login L

Options:
  --event <slug>    event (required)
  --login <login>   jury member login (required)
  --server <url>    Podium server (default: $PODIUM_SERVER or ${DEFAULT_SERVER})
  --token <token>   admin token (default: $PODIUM_ADMIN_TOKEN)
  -h, --help        show this help

Exit codes: 0 password set, 1 refused by the server or server unreachable, 2 wrong usage.`;

export const juryCommand: CliCommand = {
  name: 'jury',
  summary: "set a jury member's password (jury set-password --event E --login L)",
  help: HELP,
  run: runJury,
};

async function runJury(args: string[], ctx: CliContext): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    { event: { type: 'string' }, login: { type: 'string' }, server: { type: 'string' }, token: { type: 'string' } },
    { help: HELP, ctx, positionals: true },
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals[0] !== 'set-password' || positionals.length !== 1) {
    return usageError(ctx, HELP, `Expected the subcommand "set-password", got ${positionals.length === 0 ? 'none' : `"${positionals.join(' ')}"`}.`);
  }
  if (!values.event || !values.login) return usageError(ctx, HELP, `Missing ${[!values.event && '--event', !values.login && '--login'].filter(Boolean).join(' and ')}.`);
  const resolved = resolveServerUrl(values.server, ctx);
  if ('error' in resolved) {
    ctx.stderr(resolved.error);
    return EXIT_USAGE;
  }
  const token = values.token ?? ctx.env.PODIUM_ADMIN_TOKEN;
  if (!token) {
    ctx.stderr('No admin token: pass --token <token> or set PODIUM_ADMIN_TOKEN (the server prints one at start when it generates it).');
    return EXIT_USAGE;
  }
  if (!ctx.readSecret) {
    ctx.stderr('No input to read the password from.');
    return EXIT_USAGE;
  }
  let password: string;
  try {
    password = await ctx.readSecret(`New password for ${values.login} (${values.event}): `);
  } catch (error) {
    ctx.stderr(`${error instanceof Error ? error.message : String(error)}: no password set.`);
    return EXIT_FAILURE;
  }
  if (password.length < JURY_PASSWORD_MIN_LENGTH) {
    ctx.stderr(`The password must have at least ${JURY_PASSWORD_MIN_LENGTH} characters (got ${password.length}); nothing was sent.`);
    return EXIT_USAGE;
  }
  const url = new URL(juryPasswordPath(values.event, values.login).slice(1), resolved.url.href.endsWith('/') ? resolved.url : `${resolved.url.href}/`);
  let response: Response;
  try {
    response = await ctx.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, accept: 'application/json, application/problem+json' },
      body: JSON.stringify({ password }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    ctx.stderr(`Cannot reach ${resolved.url.href}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}. Is the server running?`);
    return EXIT_FAILURE;
  }
  if (response.status === 204) {
    ctx.stdout(`Password set for jury member "${values.login}" of event "${values.event}"; their open sessions were ended.`);
    return EXIT_OK;
  }
  const text = await response.text().catch(() => '');
  let problem: Partial<ProblemDetails> = {};
  try {
    problem = JSON.parse(text) as Partial<ProblemDetails>;
  } catch {
    // not JSON: the status line says enough
  }
  ctx.stderr(`The server refused (${response.status}): ${problem.title ?? response.statusText}${problem.detail ? ` - ${problem.detail}` : ''}`);
  if (Array.isArray(problem.problems) && problem.problems.length > 0) ctx.stderr(formatProblems(problem.problems));
  return EXIT_FAILURE;
}
