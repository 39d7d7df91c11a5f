// The HTTP warm-up after listen (warmHttpPath): health answers, the token-less uploads are refused
// by the team guard, nothing is written, no failed token attempt is recorded, and the server goes
// on serving. No timings (bench:submissions measures the first upload after a restart).
import { TeamAuthGuard } from '../src/modules/teams/team-auth.guard.js';
import { DataSource } from 'typeorm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { TokenAttemptsService } from '../src/common/auth/token-attempts.service.js';
import { warmHttpPath, WARMUP_UPLOAD_PATH } from '../src/common/http/http-warmup.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('HTTP warm-up after listen', () => {
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
  });

  it('runs health and a refused upload through the real server, writing and recording nothing', async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    const dataSource = t.app.get(DataSource);
    const counts = async () => (await dataSource.query(`SELECT (SELECT count(*) FROM submission)::int AS s, (SELECT count(*) FROM audit_entry)::int AS a, (SELECT count(*) FROM blob)::int AS b`))[0];
    const before = await counts();
    const attempts = vi.spyOn(t.app.get(TokenAttemptsService), 'recordFailure');
    const guard = vi.spyOn(TeamAuthGuard.prototype, 'canActivate');
    const seen: string[] = [];
    t.server.on('request', (req: { method?: string; url?: string }) => seen.push(`${req.method} ${req.url}`));

    const { statuses } = await warmHttpPath(t.server);

    expect(statuses).toEqual([200, 200, 200, 200, 200, 401, 401, 401]);
    expect(seen.filter((line) => line === `POST ${WARMUP_UPLOAD_PATH}`)).toHaveLength(3);
    expect(guard).toHaveBeenCalledTimes(3); // the upload route's guard ran: that path is warm
    expect(attempts).not.toHaveBeenCalled();
    expect(await counts()).toEqual(before);
    const after = await fetch(`http://127.0.0.1:${(t.server.address() as { port: number }).port}/api/health`);
    expect(after.status).toBe(200);
    guard.mockRestore();
  });

  it('does nothing on a server that is not listening', async () => {
    const { createServer } = await import('node:http');
    expect(await warmHttpPath(createServer())).toEqual({ statuses: [] });
  });
});
