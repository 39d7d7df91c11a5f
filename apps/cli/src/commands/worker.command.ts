// `podium worker`: runs the API's scoring worker process (apps/api scoring-jobs/worker-main) so
// several machines share the scoring load through Redis. The CLI only launches it: the worker
// is part of the API (database, scoring pool), which the CLI does not import.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT_FAILURE, EXIT_OK, type CliContext } from '../cli-context.js';
import { parseCommandArgs, usageError, type CliCommand } from './command.js';

const HELP = `Usage: npm run podium -- worker --database-url <postgres://...> --redis-url <redis://...> [options]

Scores submissions taken by the API: jobs come from the Redis queue (the API must run with the
same REDIS_URL), results go to the shared PostgreSQL database. Run one per machine; stop with Ctrl-C.

Options:
  --database-url <url>  PostgreSQL of the API (default: $DATABASE_URL)
  --redis-url <url>     Redis of the API (default: $REDIS_URL)
  --threads <n>         scoring threads (default: $PODIUM_SCORING_THREADS or cores - 1)
  -h, --help            show this help`;

export const workerCommand: CliCommand = {
  name: 'worker',
  summary: 'score queued submissions on this machine (Redis queue + PostgreSQL)',
  help: HELP,
  run: runWorker,
};

const apiDir = fileURLToPath(new URL('../../../api/', import.meta.url));

async function runWorker(args: string[], ctx: CliContext): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    { 'database-url': { type: 'string' }, 'redis-url': { type: 'string' }, threads: { type: 'string' } },
    { help: HELP, ctx },
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const databaseUrl = values['database-url'] ?? ctx.env.DATABASE_URL;
  const redisUrl = values['redis-url'] ?? ctx.env.REDIS_URL;
  if (!databaseUrl || !redisUrl) return usageError(ctx, HELP, 'Both --database-url and --redis-url are needed (or DATABASE_URL and REDIS_URL).');
  // Built (npm run build): plain node. Otherwise from the TypeScript sources.
  const built = `${apiDir}dist/modules/scoring-jobs/worker-main.js`;
  const argv = existsSync(built)
    ? [built]
    : ['--conditions=podium-source', '--import', '@swc-node/register/esm-register', `${apiDir}src/modules/scoring-jobs/worker-main.ts`];
  const env = {
    ...ctx.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SWC_NODE_PROJECT: `${apiDir}tsconfig.json`,
    ...(values.threads ? { PODIUM_SCORING_THREADS: values.threads } : {}),
  };
  const child = spawn(process.execPath, argv, { cwd: apiDir, env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      ctx.stderr(`Cannot start the worker: ${error.message}`);
      resolve(EXIT_FAILURE);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code === 0 || signal === 'SIGINT' || signal === 'SIGTERM' ? EXIT_OK : (code ?? EXIT_FAILURE));
    });
  });
}
