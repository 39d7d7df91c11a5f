import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { EventPublicView, Problem, ProblemDetails, SubmissionAccepted, SubmissionDetails, TeamMeResponse } from '@podium/contracts';
import { eventPublicPath, submissionPath, submissionsPath } from '@podium/contracts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, pathFromCwd, type CliContext } from '../cli-context.js';
import { DEFAULT_SERVER, resolveServerUrl } from '../server-url.js';
import { formatProblems } from '../terminal-format.js';
import { parseCommandArgs, usageError, type CliCommand } from './command.js';

const HELP = `Usage: npm run podium -- submit --event <event> --task <task> [options] <FILE>

Uploads FILE (a CSV, or a zip of masks) as your team's submission, waits for the score and
prints it with your rank, or every problem found in the file.

Options:
  --server <url>    Podium server (default: $PODIUM_SERVER or ${DEFAULT_SERVER})
  --token <token>   your team token (default: $PODIUM_TEAM_TOKEN; prefer the variable: npm and
                    your shell history echo the command line)
  --event <slug>    event slug (e.g. jfr-demo)
  --task <slug>     task slug (e.g. lung)
  --key <key>       Idempotency-Key to use (default: a new random one; pass the key printed by
                    an interrupted run to retry it without submitting twice)
  --no-wait         exit once the server has the file (202), do not wait for the score
  --timeout <s>     seconds to wait for the score (default 600)
  --json            print the scored submission and your standing as JSON on stdout, scores at
                    full precision (progress goes to stderr)
  -h, --help        show this help

Network errors and server errors are retried with the same Idempotency-Key, so a flaky
connection never creates two submissions.

Exit codes: 0 scored (or accepted with --no-wait), 1 rejected / failed / refused / unreachable,
2 wrong usage.`;

export const submitCommand: CliCommand = {
  name: 'submit',
  summary: "upload your team's predictions, wait for the score and rank (or every problem)",
  help: HELP,
  run: runSubmit,
};

const MAX_ATTEMPTS = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Answer = { status: number; body: unknown; headers: Headers };

async function runSubmit(args: string[], ctx: CliContext): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      server: { type: 'string' },
      token: { type: 'string' },
      event: { type: 'string' },
      task: { type: 'string' },
      key: { type: 'string' },
      'no-wait': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '600' },
      json: { type: 'boolean', default: false },
    },
    { help: HELP, ctx, positionals: true },
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  // With --json, stdout carries only the JSON answer; progress lines go to stderr.
  const say = (text: string) => (values.json ? ctx.stderr(text) : ctx.stdout(text));
  const usage = (message: string) => usageError(ctx, HELP, message);
  if (positionals.length !== 1) return usage(positionals.length === 0 ? 'Missing the file to submit.' : `Expected one file, got ${positionals.length}.`);
  if (!values.event || !values.task) return usage('Both --event and --task are required.');
  const token = values.token ?? ctx.env.PODIUM_TEAM_TOKEN;
  if (!token) return usage('No team token: pass --token <token> or set PODIUM_TEAM_TOKEN.');
  const timeoutS = Number(values.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) return usage(`--timeout must be a positive number of seconds, got "${values.timeout}".`);
  const resolved = resolveServerUrl(values.server, ctx);
  if ('error' in resolved) return usage(resolved.error);
  const server = resolved.url;
  const path = pathFromCwd(ctx, positionals[0]!);
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) {
    ctx.stderr(`Cannot read ${path}: no such file.`);
    return EXIT_USAGE;
  }
  const bytes = new Uint8Array(await readFile(path));
  const key = values.key ?? randomUUID();
  const url = (p: string) => new URL(p, server).href;
  const auth = { authorization: `Bearer ${token}` };

  say(`Submitting ${basename(path)} (${formatSize(bytes.length)}) to ${values.event}/${values.task} on ${server.origin} (Idempotency-Key ${key})`);
  let answer: Answer | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      answer = await upload(ctx, url(submissionsPath(values.event, values.task)), bytes, basename(path), { ...auth, 'idempotency-key': key });
      if (answer.status < 500) break;
      ctx.stderr(`The server answered HTTP ${answer.status}; retrying with the same key (${attempt}/${MAX_ATTEMPTS})...`);
    } catch (error) {
      answer = undefined;
      ctx.stderr(`Upload interrupted (${networkReason(error)}); retrying with the same key (${attempt}/${MAX_ATTEMPTS})...`);
    }
    if (attempt < MAX_ATTEMPTS) await sleep(Math.min(15_000, 500 * 2 ** attempt));
  }
  if (!answer) {
    ctx.stderr(`Cannot reach ${server.origin}. Nothing may have been recorded; run again with --key ${key} to retry safely.`);
    return EXIT_FAILURE;
  }
  if (answer.status !== 202) return refused(ctx, answer, key);
  const accepted = answer.body as SubmissionAccepted;
  const replayed = answer.headers.get('idempotent-replayed') === 'true';
  say(`${replayed ? 'Already received' : 'Received'}: submission ${accepted.id} at ${accepted.receivedAt} (sha256 ${accepted.sha256.slice(0, 12)}...)`);
  if (values['no-wait']) return EXIT_OK;

  const deadline = Date.now() + timeoutS * 1000;
  let details: SubmissionDetails | undefined;
  let delay = 300;
  while (Date.now() < deadline) {
    const got = await getJson(ctx, url(submissionPath(accepted.id)), auth).catch(() => undefined);
    if (got?.status === 200) {
      details = got.body as SubmissionDetails;
      if (details.status !== 'queued' && details.status !== 'scoring') break;
    }
    await sleep(delay);
    delay = Math.min(2000, delay * 1.5);
  }
  if (!details || details.status === 'queued' || details.status === 'scoring') {
    ctx.stderr(`Still ${details?.status ?? 'unknown'} after ${timeoutS} s. Check later: GET ${submissionPath(accepted.id)} (the submission is recorded).`);
    return EXIT_FAILURE;
  }
  if (details.status === 'rejected') {
    ctx.stderr(`Rejected: ${details.problems.length} problem(s) in ${details.fileName}. It does not count against your quota; fix and submit again.\n${formatProblems(details.problems)}`);
    return EXIT_FAILURE;
  }
  if (details.status === 'failed') {
    ctx.stderr('Scoring failed on the server side (not your file). It does not count against your quota; submit again or tell the organisers.');
    return EXIT_FAILURE;
  }
  const me = await getJson(ctx, url('/api/teams/me'), auth).catch(() => undefined);
  const standing = me?.status === 200 ? (me.body as TeamMeResponse).tasks.find((t) => t.task === values.task) : undefined;
  if (values.json) {
    ctx.stdout(JSON.stringify({ submission: details, standing: standing ?? null }, null, 2));
    return EXIT_OK;
  }
  // Scores as the screens show them: the task's display precision (--json gives the full value).
  const view = await getJson(ctx, url(eventPublicPath(values.event)), {}).catch(() => undefined);
  const precision = view?.status === 200 ? (view.body as EventPublicView).tasks.find((t) => t.slug === values.task)?.precision : undefined;
  const shown = (v: number) => (precision === undefined ? String(v) : v.toFixed(precision));
  const scores = Object.entries(details.scores ?? {}).map(([name, v]) => `${name} ${v === null ? '-' : shown(v)}`).join(', ');
  say(`Scored: ${scores} (public split)${details.counted ? ' - this is now your leaderboard entry' : ''}`);
  if (details.warnings.length > 0) say(`Warnings (tolerated):\n${formatProblems(details.warnings)}`);
  if (standing) {
    const quota = standing.quota.remaining === null ? 'no quota' : `${standing.quota.remaining} submission(s) left${standing.quota.nextSlotAt ? `, next slot at ${standing.quota.nextSlotAt}` : ''}`;
    say(`Rank: ${standing.rank ?? 'not ranked'}${standing.clock.frozen ? ' (public board frozen)' : ''}; ${quota}`);
  }
  return EXIT_OK;
}

/** Raw-body upload with a progress line every 10%, from the bytes the connection has taken. */
async function upload(ctx: CliContext, url: string, bytes: Uint8Array, fileName: string, headers: Record<string, string>): Promise<Answer> {
  const chunk = 256 * 1024;
  let sent = 0;
  let shown = -1;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes.length) return controller.close();
      const next = bytes.subarray(sent, Math.min(bytes.length, sent + chunk));
      sent += next.length;
      const tenth = Math.floor((sent / bytes.length) * 10);
      if (bytes.length > chunk && tenth !== shown) {
        shown = tenth;
        ctx.stderr(`  uploaded ${formatSize(sent)} / ${formatSize(bytes.length)} (${tenth * 10}%)`);
      }
      controller.enqueue(next);
    },
  });
  const res = await ctx.fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(bytes.length), 'x-file-name': encodeURIComponent(fileName) === fileName ? fileName : 'submission' + extension(fileName), accept: 'application/json, application/problem+json' },
    body,
    duplex: 'half',
  } as RequestInit);
  return { status: res.status, body: parse(await res.text()), headers: res.headers };
}

async function getJson(ctx: CliContext, url: string, headers: Record<string, string>): Promise<Answer> {
  const res = await ctx.fetch(url, { headers: { ...headers, accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });
  return { status: res.status, body: parse(await res.text()), headers: res.headers };
}

function refused(ctx: CliContext, answer: Answer, key: string): number {
  const problem = (answer.body ?? {}) as Partial<ProblemDetails>;
  const detail = problem.detail ?? `HTTP ${answer.status}`;
  if (answer.status === 401) ctx.stderr(`The server refused the team token: ${detail}`);
  else if (answer.status === 429) {
    const next = answer.headers.get('podium-next-slot-at');
    ctx.stderr(`Quota used up: ${detail}${next ? `\nNext slot: ${next} (retry after ${answer.headers.get('retry-after')} s).` : ''}`);
  } else ctx.stderr(`Refused (HTTP ${answer.status} ${problem.title ?? ''}): ${detail}`);
  const problems = Array.isArray(problem.problems) ? (problem.problems as Problem[]) : [];
  if (problems.length > 0) ctx.stderr(formatProblems(problems));
  if (answer.status >= 500) ctx.stderr(`Retry later with --key ${key} so it is not submitted twice.`);
  return EXIT_FAILURE;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text === '' ? undefined : { detail: text.slice(0, 300) };
  }
}

const extension = (name: string) => /\.[A-Za-z0-9.]{1,8}$/.exec(name)?.[0] ?? '';

function formatSize(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
