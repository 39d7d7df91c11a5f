import { basename } from 'node:path';
import type { Problem } from '@podium/contracts';
import { loadEventBundle, loadEventBundleFromFiles, zipBundleFiles } from '@podium/event-bundle';
import { postEventBundle } from '../admin-client.js';
import { readBundleInput } from '../bundle-input.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, pathFromCwd, type CliContext } from '../cli-context.js';
import { DEFAULT_SERVER, resolveServerUrl } from '../server-url.js';
import { formatLocalTime, formatProblems, formatTable } from '../terminal-format.js';
import { parseCommandArgs, usageError, type CliCommand } from './command.js';

const HELP = `Usage: npm run podium -- import <bundle-dir | bundle.zip> [options]

Checks an event bundle (event.yaml + answer keys) on this machine, then uploads it to
POST /api/admin/events. Creates the event, or updates it when its slug exists (submissions kept).
Prints the team tokens of newly created teams: they are shown only once. The upload asks for
an asynchronous import (Prefer: respond-async): the command then follows it and prints where it
is (validating, answer-key rows written) until it ends - a large key takes minutes.

Options:
  --server <url>   Podium server (default: $PODIUM_SERVER or ${DEFAULT_SERVER})
  --token <token>  admin token (default: $PODIUM_ADMIN_TOKEN)
  --check          only validate the bundle locally, upload nothing
  -h, --help       show this help

Exit codes: 0 imported (or valid with --check), 1 invalid bundle / refused by the server /
server unreachable, 2 wrong usage.

Bundle format: libs/event-bundle/README.md`;

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'validate an event bundle (directory or zip) and create/update the event on the server',
  help: HELP,
  run: runImport,
};

async function runImport(args: string[], ctx: CliContext): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    { server: { type: 'string' }, token: { type: 'string' }, check: { type: 'boolean', default: false } },
    { help: HELP, ctx, positionals: true },
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    return usageError(ctx, HELP, positionals.length === 0 ? 'Missing the bundle to import.' : `Expected one bundle, got ${positionals.length}: ${positionals.join(' ')}.`);
  }
  const target = pathFromCwd(ctx, positionals[0]);

  const resolved = resolveServerUrl(values.server, ctx);
  if ('error' in resolved) {
    ctx.stderr(resolved.error);
    return EXIT_USAGE;
  }
  const server = resolved.url;
  const token = values.token ?? ctx.env.PODIUM_ADMIN_TOKEN;
  if (!values.check && !token) {
    ctx.stderr('No admin token: pass --token <token> or set PODIUM_ADMIN_TOKEN (the server prints one at start when it generates it).');
    return EXIT_USAGE;
  }

  const input = await readBundleInput(target);
  if (input.kind === 'error') {
    ctx.stderr(`Cannot import: ${input.message}.`);
    return EXIT_USAGE;
  }
  const checked = input.kind === 'zip' ? loadEventBundle(input.bytes, { fileName: basename(target) }) : loadEventBundleFromFiles(input.files);
  if (!checked.bundle || checked.problems.length > 0) {
    reportProblems(ctx, `${target} is not a valid event bundle`, checked.problems);
    return EXIT_FAILURE;
  }
  const { manifest } = checked.bundle;
  ctx.stdout(`Bundle OK: event "${manifest.slug}", ${plural(manifest.tasks.length, 'task')}, ${plural(manifest.teams.length, 'team')}, ${plural(manifest.jury.length, 'jury member')}.`);
  // Windows shown in the event's time zone: a wrong offset (+01:00 in summer) shows up here.
  ctx.stdout(
    formatTable(
      ['TASK', `OPENS (${manifest.timezone})`, 'FREEZES', 'CLOSES'],
      manifest.tasks.map((t) => [
        t.slug,
        formatLocalTime(t.opens_at, manifest.timezone),
        t.freeze_at ? formatLocalTime(t.freeze_at, manifest.timezone) : '-',
        formatLocalTime(t.closes_at, manifest.timezone),
      ]),
    ),
  );
  if (values.check) return EXIT_OK;

  const zip = input.kind === 'zip' ? input.bytes : zipBundleFiles(input.files);
  ctx.stdout(`Uploading ${(zip.length / 1024).toFixed(0)} KiB to ${server.origin} ...`);
  let lastPhase = '';
  const outcome = await postEventBundle(ctx.fetch, server, token as string, zip, {
    // A large key: say where the import is, once per phase and then per tenth of its rows.
    onProgress: (job) => {
      const tenth = job.rows.total > 0 ? Math.floor((10 * job.rows.done) / job.rows.total) : 0;
      const line = job.phase === 'writing' ? `writing answer-key rows: ${job.rows.done}/${job.rows.total}` : job.phase;
      const key = `${job.phase}:${tenth}`;
      if (job.status !== 'running' || key === lastPhase) return;
      lastPhase = key;
      ctx.stdout(`  import ${line}`);
    },
  });
  if (outcome.kind === 'unreachable') {
    ctx.stderr(`Cannot reach the Podium server at ${server.href} (${outcome.message}). Is it running (npm start)? Pass --server or set PODIUM_SERVER to point elsewhere.`);
    return EXIT_FAILURE;
  }
  if (outcome.kind === 'rejected') {
    if (outcome.status === 401 || outcome.status === 403) {
      ctx.stderr(`The server refused the admin token (HTTP ${outcome.status}): check --token or PODIUM_ADMIN_TOKEN.`);
      return EXIT_FAILURE;
    }
    const headline = `The server refused the bundle (HTTP ${outcome.status} ${outcome.title})${outcome.detail ? `: ${outcome.detail}` : ''}`;
    reportProblems(ctx, headline, outcome.problems);
    return EXIT_FAILURE;
  }
  const { event } = outcome;
  ctx.stdout(`Event "${event.slug}" ${event.created ? 'created' : 'updated'} on ${server.origin}.`);
  if (event.teams.length === 0) {
    ctx.stdout('No new team: existing teams keep their tokens.');
  } else {
    ctx.stdout(`Tokens of the ${plural(event.teams.length, 'new team')} (shown only this once - hand them out now):`);
    ctx.stdout(formatTable(['TEAM', 'TOKEN'], event.teams.map((t) => [t.slug, t.token])));
  }
  return EXIT_OK;
}

function reportProblems(ctx: CliContext, headline: string, problems: Problem[]): void {
  ctx.stderr(problems.length === 0 ? `${headline}.` : `${headline} - ${plural(problems.length, 'problem')}:\n${formatProblems(problems)}`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
