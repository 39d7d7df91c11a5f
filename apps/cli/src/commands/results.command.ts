// `podium results verify FILE...`: checks signed results files offline (no server, no database):
// the Ed25519 signature, the exact published bytes, every hash's format; optionally the signing
// key against the one you trust and a directory of files against the listed sha256.
import { ED25519_PUBLIC_KEY_HEX } from '@podium/contracts';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { EXIT_FAILURE, EXIT_OK, pathFromCwd, type CliContext } from '../cli-context.js';
import { ResultsInvalid, verifyResults, type ListedHash } from '../results-verify.js';
import { parseCommandArgs, usageError, type CliCommand } from './command.js';

const HELP = `Usage: npm run podium -- results verify <file>... [--public-key <hex>] [--files <dir>]

Checks signed results files (GET /api/events/:event/results, JSON or ?format=csv) offline:
the Ed25519 signature, that the bytes are exactly the published ones (any changed byte is
refused), and the format of every sha256 listed (answer keys, submissions, audit chain head).

Options:
  --public-key <hex>  the event's key you trust (64 hex digits: resultsPublicKey of
                      GET /api/events/:event); without it the file's own key is only shown
  --files <dir>       every file under this directory must be one the results list
                      (an answer key or a submission): its sha256 is looked up
  -h, --help          show this help

Exit codes: 0 every file holds, 1 a file does not (the reason is printed), 2 wrong usage
or a file cannot be read.`;

export const resultsCommand: CliCommand = {
  name: 'results',
  summary: 'check signed results files offline: signature, bytes, hashes (results verify FILE)',
  help: HELP,
  run: runResults,
};

async function runResults(args: string[], ctx: CliContext): Promise<number> {
  const parsed = parseCommandArgs(args, { 'public-key': { type: 'string' }, files: { type: 'string' } }, { help: HELP, ctx, positionals: true });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [sub, ...files] = positionals;
  if (sub !== 'verify') return usageError(ctx, HELP, `Expected the subcommand "verify", got ${sub === undefined ? 'none' : `"${sub}"`}.`);
  if (files.length === 0) return usageError(ctx, HELP, 'Missing the results file to verify.');
  const trusted = values['public-key'];
  if (trusted !== undefined && !ED25519_PUBLIC_KEY_HEX.test(trusted.toLowerCase())) return usageError(ctx, HELP, `--public-key must be 64 hex digits (resultsPublicKey of GET /api/events/:event), got "${trusted}".`);

  let failed = false;
  const listed = new Map<string, string>();
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(pathFromCwd(ctx, file));
    } catch (error) {
      ctx.stderr(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
      return 2;
    }
    try {
      const v = verifyResults(bytes, trusted);
      for (const h of v.hashes) if (!listed.has(h.sha256)) listed.set(h.sha256, h.what);
      const key = trusted ? `the key you trust, ${v.publicKey}` : `key ${v.publicKey} (not checked against a key you trust: pass --public-key, the resultsPublicKey of GET /api/events/${v.event})`;
      ctx.stdout(
        `${file}: valid ${v.format.toUpperCase()} results of event "${v.event}" (${v.audience}), generated ${v.generatedAt}, signed Ed25519 by ${key}; ` +
          `${v.tasks.length} task${v.tasks.length === 1 ? '' : 's'} (${v.tasks.join(', ')}), ${v.hashes.length} sha256 listed, audit chain head ${v.auditHead ?? '(empty)'}.`,
      );
    } catch (error) {
      if (!(error instanceof ResultsInvalid)) throw error;
      failed = true;
      ctx.stderr(`${file}: INVALID: ${error.message}.`);
    }
  }
  if (values.files !== undefined && !failed) {
    const code = await checkFiles(pathFromCwd(ctx, values.files), values.files, listed, ctx);
    if (code !== EXIT_OK) return code;
  }
  return failed ? EXIT_FAILURE : EXIT_OK;
}

/** Every regular file under `dir` must have a sha256 the results list. */
async function checkFiles(dir: string, shown: string, listed: ReadonlyMap<string, ListedHash['what']>, ctx: CliContext): Promise<number> {
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true })).sort();
  } catch (error) {
    ctx.stderr(`--files ${shown}: cannot read the directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    return 2;
  }
  let unknown = 0;
  let matched = 0;
  for (const name of names) {
    const path = join(dir, name);
    if (!(await stat(path)).isFile()) continue;
    const sha = createHash('sha256').update(await readFile(path)).digest('hex');
    const what = listed.get(sha);
    if (what) {
      matched++;
      ctx.stdout(`${relative(dir, path)}: sha256 ${sha} is ${what}.`);
    } else {
      unknown++;
      ctx.stderr(`${relative(dir, path)}: sha256 ${sha} is NOT listed in the results.`);
    }
  }
  if (matched + unknown === 0) ctx.stderr(`--files ${shown}: no file to check.`);
  return unknown > 0 || matched === 0 ? EXIT_FAILURE : EXIT_OK;
}
