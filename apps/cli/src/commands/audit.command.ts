// `podium audit verify --event E`: re-walks the event's audit hash chain straight from the
// database - PostgreSQL (DATABASE_URL) or the embedded data directory (only while the server is
// stopped: an embedded database has one process at a time). The check itself is the API's
// (apps/api audit/audit-verify-main), launched like `podium worker`: the CLI does not import the API.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_FAILURE, EXIT_USAGE, pathFromCwd, type CliContext } from '../cli-context.js';
import { parseCommandArgs, usageError, type CliCommand } from './command.js';

const HELP = `Usage: npm run podium -- audit verify --event <slug> [options]

Re-walks the event's audit log (every jury action, sign-in, failed sign-in, import and setting
change), checking each entry's SHA-256 and its link to the previous entry. Reads the database
directly, so it also works while the server is stopped.

Options:
  --event <slug>        event whose chain to check (required)
  --database-url <url>  PostgreSQL database (default: $DATABASE_URL)
  --data-dir <dir>      embedded database directory when there is no PostgreSQL
                        (default: $PODIUM_DATA_DIR or ./data); stop the server first
  -h, --help            show this help

Exit codes: 0 the chain is intact, 1 the chain is broken (the first bad entry is named:
edited, deleted or reordered), 2 wrong usage or the database cannot be read.`;

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: "verify an event's tamper-evident audit log from the database (audit verify --event E)",
  help: HELP,
  run: runAudit,
};

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const apiDir = `${repoRoot}apps/api/`;

async function runAudit(args: string[], ctx: CliContext): Promise<number> {
  const parsed = parseCommandArgs(args, { event: { type: 'string' }, 'database-url': { type: 'string' }, 'data-dir': { type: 'string' } }, { help: HELP, ctx, positionals: true });
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
      if (out.trim()) ctx.stdout(out.trimEnd());
      if (err.trim()) ctx.stderr(err.trimEnd());
      resolvePromise(code === 0 ? 0 : code === 1 ? EXIT_FAILURE : EXIT_USAGE);
    });
  });
}
