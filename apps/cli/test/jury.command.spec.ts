// `podium jury set-password`: the password goes to the server's admin route (never printed);
// short passwords are refused before sending; the server's refusals are shown.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import type { CliContext } from '../src/cli-context.js';
import { ScriptedApi, replyJson } from './support/scripted-api.js';

describe('podium jury set-password', () => {
  const api = new ScriptedApi();
  let server: string;

  const run = async (args: string[], secret: string | Error | undefined, env: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const prompts: string[] = [];
    const ctx: CliContext = {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env,
      cwd: process.cwd(),
      fetch: globalThis.fetch,
      ...(secret === undefined
        ? {}
        : {
            readSecret: async (prompt: string) => {
              prompts.push(prompt);
              if (secret instanceof Error) throw secret;
              return secret;
            },
          }),
    };
    const code = await runCli(args, ctx);
    return { code, stdout: out.join('\n'), stderr: err.join('\n'), prompts };
  };

  beforeAll(async () => {
    server = await api.start();
  });
  afterAll(() => api.stop());
  afterEach(() => {
    api.received.length = 0;
  });

  it('posts the password with the admin token and prints no secret', async () => {
    api.handler = (_req, res) => {
      res.statusCode = 204;
      res.end();
    };
    const r = await run(['jury', 'set-password', '--event', 'jfr-2019', '--login', 'chair', '--server', server], 'correct horse battery', { PODIUM_ADMIN_TOKEN: 'adm1n' });
    expect(r.code).toBe(0);
    expect(r.prompts).toEqual(['New password for chair (jfr-2019): ']);
    expect(api.received).toHaveLength(1);
    expect(api.received[0]).toMatchObject({ method: 'POST', url: '/api/admin/events/jfr-2019/jury/chair/password' });
    expect(api.received[0]!.headers.authorization).toBe('Bearer adm1n');
    expect(JSON.parse(api.received[0]!.body.toString())).toEqual({ password: 'correct horse battery' });
    expect(r.stdout).toBe('Password set for jury member "chair" of event "jfr-2019"; their open sessions were ended.');
    expect(r.stdout + r.stderr).not.toContain('correct horse');
  });

  it('refuses a short password without contacting the server', async () => {
    const r = await run(['jury', 'set-password', '--event', 'e', '--login', 'l', '--server', server, '--token', 't'], 'short');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('at least 12 characters (got 5)');
    expect(api.received).toHaveLength(0);
  });

  it('shows the server refusal (unknown member) and exits 1', async () => {
    api.handler = (_req, res) => replyJson(res, 404, { type: '/problems/jury-member-not-found', title: 'Jury-member not found', status: 404, detail: 'No jury member "ghost" in event "e".' });
    const r = await run(['jury', 'set-password', '--event', 'e', '--login', 'ghost', '--server', server, '--token', 't'], 'long-enough-password');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The server refused (404): Jury-member not found - No jury member "ghost" in event "e".');
  });

  it('explains wrong usage: no subcommand, missing options, no token, a cancelled prompt, no server', async () => {
    expect((await run(['jury'], 'x')).code).toBe(2);
    const missing = await run(['jury', 'set-password', '--event', 'e'], 'x', { PODIUM_ADMIN_TOKEN: 't' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing --login.');
    const noToken = await run(['jury', 'set-password', '--event', 'e', '--login', 'l', '--server', server], 'long-enough-password');
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('No admin token');
    const cancelled = await run(['jury', 'set-password', '--event', 'e', '--login', 'l', '--server', server, '--token', 't'], new Error('Cancelled'));
    expect(cancelled.code).toBe(1);
    expect(cancelled.stderr).toBe('Cancelled: no password set.');
    const down = await run(['jury', 'set-password', '--event', 'e', '--login', 'l', '--server', 'http://127.0.0.1:9', '--token', 't'], 'long-enough-password');
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Is the server running?');
  });

  it('audit verify explains wrong usage', async () => {
    const none = await run(['audit'], undefined);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Expected the subcommand "verify"');
    const noEvent = await run(['audit', 'verify'], undefined);
    expect(noEvent.code).toBe(2);
    expect(noEvent.stderr).toContain('Missing --event <slug>.');
  });
});
