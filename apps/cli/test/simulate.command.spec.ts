// `podium simulate` refuses a server it cannot talk to before playing anything.
import { expect, it } from 'vitest';
import { runCliInProcess } from './support/cli-fixtures.js';

it.each(['not a url', 'ftp://example.org'])('answers --server %j with a usage error (exit 2), not a crash', async (server) => {
  const run = await runCliInProcess(['simulate', '--server', server], { cwd: process.cwd() });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(`--server ${JSON.stringify(server)} is not an http(s) URL`);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});
