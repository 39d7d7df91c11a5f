// `podium audit verify --event E`: re-walks the event's audit hash chain straight from the
// database - PostgreSQL (DATABASE_URL) or the embedded data directory. An embedded database has
// one process at a time (a second one would corrupt it): while a server holds it, the check is
// asked of that server (GET /api/admin/events/:event/audit/verify, admin token). The direct check
// is the API's (apps/api audit/audit-verify-main), launched like `podium worker`: the CLI does not
// import the API.
import { auditVerifyPath, type AuditVerifyResponse, type ProblemDetails } from '@podium/contracts';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_FAILURE, EXIT_USAGE, pathFromCwd, type CliContext } from '../cli-context.js';
import { DEFAULT_SERVER, resolveServerUrl } from '../server-url.js';
import { parseCommandArgs, usageError, type CliCommand } from './command.js';

const HELP = `Usage: npm run podium -- audit verify --event <slug> [options]

Re-walks the event's audit log (every jury action, sign-in, failed sign-in, import and setting
change), checking each entry's SHA-256 and its link to the previous entry. Reads the database
directly, so it also works while the server is stopped; while a server holds the embedded
database, the same check is asked of that server (with the admin token).

Options:
  --event <slug>        event whose chain to check (required)
  --database-url <url>  PostgreSQL database (default: $DATABASE_URL)
  --data-dir <dir>      embedded database directory when there is no PostgreSQL
                        (default: $PODIUM_DATA_DIR or ./data)
  --server <url>        the server holding the embedded database (default: $PODIUM_SERVER
                        or ${DEFAULT_SERVER})
  --token <token>       its admin token (default: $PODIUM_ADMIN_TOKEN)
  -h, --help            show this help

Exit codes: 0 the chain is intact, 1 the chain is broken (the first bad entry is named:
edited, deleted or reordered), 2 wrong usage or the database cannot be read.`;

/** audit-verify-main's exit code when a running server holds the embedded database. */
const EXIT_DATABASE_BUSY = 3;

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: "verify an event's tamper-evident audit log from the database (audit verify --event E)",
  help: HELP,
  run: runAudit,
};

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const apiDir = `${repoRoot}apps/api/`;

async function runAudit(args: string[], ctx: CliContext): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    { event: { type: 'string' }, 'database-url': { type: 'string' }, 'data-dir': { type: 'string' }, server: { type: 'string' }, token: { type: 'string' } },
    { help: HELP, ctx, positionals: true },
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals[0] !== 'verify' || positionals.length !== 1) return usageError(ctx, HELP, `Expected the subcommand "verify", got ${positionals.length === 0 ? 'none' : `"${positionals.join(' ')}"`}.`);
  if (!values.event) return usageError(ctx, HELP, 'Missing --event <slug>.');
  const databaseUrl = values['database-url'] ?? ctx.env.DATABASE_URL;
  // The server resolves PODIUM_DATA_DIR against the repository root (where `npm start` runs).
  const dataDirOption = values['data-dir'];
  const envDir = ctx.env.PODIUM_DATA_DIR ?? './data';
  const dataDir = dataDirOption ? pathFromCwd(ctx, dataDirOption) : isAbsolute(envDir) ? envDir : resolve(repoRoot, envDir);
  const built = `${apiDir}dist/modules/audit/audit-verify-main.js`;
  const argv = existsSync(built)
    ? [built, values.event]
    : ['--conditions=podium-source', '--import', '@swc-node/register/esm-register', `${apiDir}src/modules/audit/audit-verify-main.ts`, values.event];
  const env: Record<string, string | undefined> = { ...ctx.env, PODIUM_DATA_DIR: dataDir, SWC_NODE_PROJECT: `${apiDir}tsconfig.json`, DATABASE_URL: databaseUrl };
  if (!databaseUrl) delete env.DATABASE_URL;
  const child = spawn(process.execPath, argv, { cwd: apiDir, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolvePromise) => {
    child.on('error', (error) => {
      ctx.stderr(`Cannot start the audit check: ${error.message}`);
      resolvePromise(EXIT_FAILURE);
    });
    child.on('close', (code) => {
      if (code === EXIT_DATABASE_BUSY) {
        ctx.stderr(`${err.trim()}\nAsking the running server instead.`);
        resolvePromise(verifyThroughServer(values.event!, values.server, values.token ?? ctx.env.PODIUM_ADMIN_TOKEN, ctx));
        return;
      }
      if (out.trim()) ctx.stdout(out.trimEnd());
      if (err.trim()) ctx.stderr(err.trimEnd());
      resolvePromise(code === 0 ? 0 : code === 1 ? EXIT_FAILURE : EXIT_USAGE);
    });
  });
}

async function verifyThroughServer(event: string, server: string | undefined, token: string | undefined, ctx: CliContext): Promise<number> {
  const resolved = resolveServerUrl(server, ctx);
  if ('error' in resolved) {
    ctx.stderr(resolved.error);
    return EXIT_USAGE;
  }
  if (!token) {
    ctx.stderr('No admin token to ask the server: pass --token <token> or set PODIUM_ADMIN_TOKEN (or stop the server and run this again).');
    return EXIT_USAGE;
  }
  const url = new URL(auditVerifyPath(event).slice(1), resolved.url.href.endsWith('/') ? resolved.url : `${resolved.url.href}/`);
  let response: Response;
  try {
    response = await ctx.fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json, application/problem+json' }, signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    ctx.stderr(`Cannot reach ${resolved.url.href}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}.`);
    return EXIT_FAILURE;
  }
  const body = (await response.json().catch(() => null)) as AuditVerifyResponse | ProblemDetails | null;
  if (!response.ok || body === null || !('ok' in body)) {
    const problem = body as ProblemDetails | null;
    ctx.stderr(`The server answered ${response.status}: ${problem?.detail ?? problem?.title ?? 'no details'}`);
    return response.status === 404 || response.status === 401 || response.status === 403 ? EXIT_USAGE : EXIT_FAILURE;
  }
  if (body.ok) {
    ctx.stdout(`Audit chain of "${event}" is intact: ${body.entries} entr${body.entries === 1 ? 'y' : 'ies'}, head ${body.head ?? '(empty)'} (checked by the server).`);
    return 0;
  }
  ctx.stderr(`Audit chain of "${event}" is BROKEN at ${body.broken?.message ?? 'an unnamed entry'} (checked by the server).`);
  return EXIT_FAILURE;
}
