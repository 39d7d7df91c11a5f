// The real process, as `npm start` runs it (from sources here): boots on an empty PGlite
// directory, imports the demo, prints links and tokens once, stops cleanly on SIGTERM, and on
// restart keeps its data without re-importing or re-printing secrets.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_TEAMS, DEMO_TOKENS_FILE } from '@podium/demo';
import { exitedEarly, freePort, spawnApi, waitFor, waitForHealth, type SpawnedApi as Running } from '@podium/test-support';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The server from sources on the embedded database (never a DATABASE_URL from the environment). */
function startServer(env: Record<string, string>): Running {
  return spawnApi('sources', { DATABASE_URL: '', ...env });
}

describe('process start (embedded PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-start-'));
  const running: Running[] = [];
  afterAll(() => {
    for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the demo, stops on SIGTERM, and restarts on the same data', async () => {
    const port = await freePort();
    const env = { PORT: String(port), HOST: '127.0.0.1', PODIUM_DATA_DIR: dataDir, PODIUM_ADMIN_TOKEN: '' };
    const first = startServer(env);
    running.push(first);
    // The budget on a user's machine is one minute; this shared CI box gets more slack.
    const bootMs = await waitForHealth(`http://127.0.0.1:${port}`, first, 150_000);
    console.info(`process start: /api/health answered after ${bootMs} ms`);
    const events = await waitFor(
      async () => {
        const listed = (await (await fetch(`http://127.0.0.1:${port}/api/events`)).json()) as { slug: string }[];
        return listed.length > 0 && listed;
      },
      () => `the demo event:\n${first.output()}`,
      { timeoutMs: 150_000, intervalMs: 250, giveUpIf: exitedEarly(first) },
    );
    expect(events).toHaveLength(1);
    await waitFor(() => /Team tokens/.test(first.output()), 'the team tokens printed', { timeoutMs: 30_000 });
    const out = first.output();
    // The links work as printed: the landing page and a screen on the demo event.
    expect(out).toContain(`start here   http://localhost:${port}/\n`);
    expect(out).toContain(`big screen   http://localhost:${port}/screen?event=${events[0]!.slug}\n`);
    expect(out).toContain(`http://localhost:${port}/api/docs`);
    expect(out).toMatch(/Admin token[^\n]*\n\s+[A-Za-z0-9_-]{43}\n/);
    const teamTokenLines = out.match(/^\s{2}\S+\s+[A-Za-z0-9_-]{43}$/gm) ?? [];
    expect(teamTokenLines).toHaveLength(DEMO_TEAMS.length);
    // The same tokens are kept for `npm run demo:simulate`, readable by the owner only.
    const kept = join(dataDir, DEMO_TOKENS_FILE);
    expect(statSync(kept).mode & 0o777).toBe(0o600);
    expect(readFileSync(kept, 'utf8').trim().split('\n')).toEqual(teamTokenLines.map((line) => line.trim().replace(/\s+/, ' ')));

    // `npm run demo:simulate` as the README writes it, with only the server's own PORT and data directory.
    const simulate = spawnSync('npm', ['run', 'demo:simulate', '--', '--rounds', '1', '--tasks', 'lung'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: String(port), PODIUM_DATA_DIR: dataDir, PODIUM_ADMIN_TOKEN: '', PODIUM_SERVER: '' },
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(simulate.status, `${simulate.stdout}\n${simulate.stderr}`).toBe(0);
    expect(simulate.stdout).toContain(`Done: ${DEMO_TEAMS.length} submissions accepted, 0 refused.`);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('SIGTERM received: closing');

    const second = startServer(env);
    running.push(second);
    await waitForHealth(`http://127.0.0.1:${port}`, second, 150_000);
    const again = (await (await fetch(`http://127.0.0.1:${port}/api/events`)).json()) as { slug: string }[];
    expect(again).toEqual(events);
    const detail = await fetch(`http://127.0.0.1:${port}/api/events/${events[0]!.slug}`);
    expect(detail.status).toBe(200);
    expect(second.output()).not.toMatch(/Admin token|Team tokens/);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 400_000);

  it('prints the tokens it generated when stopped in the middle of the demo import, and they work after a restart', async () => {
    const freshDir = mkdtempSync(join(tmpdir(), 'podium-start-stop-'));
    try {
      const port = await freePort();
      const env = { PORT: String(port), HOST: '127.0.0.1', PODIUM_DATA_DIR: freshDir, PODIUM_ADMIN_TOKEN: '' };
      const first = startServer(env);
      running.push(first);
      // The import is logged when it begins; the tokens are printed only once it has committed.
      await waitFor(() => /importing the demo event/.test(first.output()), () => `the demo import to begin:\n${first.output()}`, {
        timeoutMs: 150_000,
        giveUpIf: exitedEarly(first),
      });
      expect(first.output()).not.toContain('Team tokens');
      // Ctrl-C on `npm start`: the terminal's SIGINT, and npm's forwarded copy of it.
      first.child.kill('SIGINT');
      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);
      const out = first.output();
      expect(out).toContain('SIGINT received: closing');
      const adminToken = out.match(/Admin token[^\n]*\n\s+([A-Za-z0-9_-]{43})\n/)?.[1];
      expect(adminToken, out).toBeDefined();
      const teamTokens = [...out.matchAll(/^\s{2}\S+\s+([A-Za-z0-9_-]{43})$/gm)].map((m) => m[1]!);
      expect(teamTokens).toHaveLength(DEMO_TEAMS.length);
      expect(readFileSync(join(freshDir, DEMO_TOKENS_FILE), 'utf8').trim().split('\n')).toHaveLength(DEMO_TEAMS.length);

      // The next start prints no secret again, and the printed ones sign in.
      const second = startServer(env);
      running.push(second);
      await waitForHealth(`http://127.0.0.1:${port}`, second, 150_000);
      const admin = await fetch(`http://127.0.0.1:${port}/api/admin/health`, { headers: { authorization: `Bearer ${adminToken}` } });
      expect(admin.status).toBe(200);
      const team = await fetch(`http://127.0.0.1:${port}/api/teams/me`, { headers: { authorization: `Bearer ${teamTokens[0]}` } });
      expect(team.status).toBe(200);
      expect(second.output()).not.toMatch(/Admin token|Team tokens/);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      rmSync(freshDir, { recursive: true, force: true });
    }
  }, 400_000);
});
