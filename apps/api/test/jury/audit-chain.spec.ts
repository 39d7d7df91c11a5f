// The audit log is a hash chain: `audit verify` re-walks it straight from the database (the
// server stopped) and names the first entry that was edited, deleted or reordered.
import { spawn, spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.factory.js';
import { CHAIN_ROWS_SQL, chainEntry, type ChainRow, entryHash, verifyChain, type ChainEntry } from '../../src/modules/audit/audit-chain.js';
import { adminAuth, createTestApp, TEST_ADMIN_TOKEN } from '../helpers/test-app.js';
import { describeVerdict, verifyAuditChain } from '../../src/modules/audit/audit-verify.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { predictions } from '../submissions/round-seed.js';
import { createJuryHarness } from './jury-harness.js';

let database: TestDatabase;
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Runs SQL on the stopped server's database, then closes it (an embedded one has one user at a time). */
async function withDatabase<T>(work: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = await new DataSource(dataSourceOptions(database.database)).initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}

async function verify() {
  const outcome = await verifyAuditChain(database.database, 'round');
  if (outcome.kind !== 'verdict') throw new Error(outcome.message);
  return outcome.verdict;
}

interface Row {
  id: number;
  seq: number;
  reason: string | null;
  hash: string;
}
const rows = (ds: DataSource): Promise<Row[]> => ds.query(`SELECT id, seq, reason, hash FROM audit_entry WHERE event = 'round' ORDER BY seq`);

beforeAll(async () => {
  const h = await createJuryHarness();
  const id = (await h.submit(0, predictions(h.round)).expect(202)).body.id;
  await h.settle();
  const act = (path: string, body: object) => request(h.t.server).post(`/api/jury/events/round${path}`).set(h.bearer(h.sessions.chair)).send(body);
  await act(`/submissions/${id}/disqualify`, { reason: 'Leaked labels' }).expect(200);
  await act(`/submissions/${id}/reinstate`, { reason: 'False alarm' }).expect(200);
  await act('/director', { scene: 'race' }).expect(200);
  await h.signIn('round', 'chair', 'not-the-password', '10.60.0.1').expect(401);
  database = h.t.database;
  await h.t.close({ keepDatabase: true });
}, 90_000);
afterAll(async () => {
  await database?.drop();
});

describe('audit verify', () => {
  it('accepts the intact chain (and `podium audit verify` exits 0)', async () => {
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: true });
    expect(verdict.entries).toBe(8);
    const env = { ...process.env, ...(database.database.kind === 'postgres' ? { DATABASE_URL: database.database.url } : { DATABASE_URL: '' }) };
    const args = database.database.kind === 'pglite' ? ['--data-dir', database.database.dataDir] : [];
    const cli = spawnSync(process.execPath, ['--conditions=podium-source', '--import', '@swc-node/register/esm-register', 'apps/cli/src/main.ts', 'audit', 'verify', '--event', 'round', ...args], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
    });
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toMatch(/Audit chain of "round" is intact: \d+ entries, head [0-9a-f]{64}\./);
    expect(cli.status).toBe(0);
  }, 60_000);

  it('is checked by the running server too; while it holds the embedded database the CLI asks it (a second process would corrupt it)', async () => {
    const t = await createTestApp({ database });
    try {
      await t.app.listen(0, '127.0.0.1');
      const intact = await request(t.server).get('/api/admin/events/round/audit/verify').set(adminAuth).expect(200);
      expect(intact.body).toMatchObject({ event: 'round', ok: true, entries: 8, broken: null });
      await request(t.server).get('/api/admin/events/round/audit/verify').expect(401);
      await request(t.server).get('/api/admin/events/nope/audit/verify').set(adminAuth).expect(404);

      if (database.database.kind === 'pglite') {
        const { port } = t.app.getHttpServer().address() as AddressInfo;
        const cli = spawn(
          process.execPath,
          ['--conditions=podium-source', '--import', '@swc-node/register/esm-register', 'apps/cli/src/main.ts', 'audit', 'verify', '--event', 'round', '--data-dir', database.database.dataDir, '--server', `http://127.0.0.1:${port}`, '--token', TEST_ADMIN_TOKEN],
          { cwd: repoRoot, env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let out = '';
        let err = '';
        cli.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        cli.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        const status = await new Promise<number | null>((resolve) => cli.on('close', resolve));
        expect(err).toContain(`in use by process ${process.pid}`);
        expect(out).toMatch(/Audit chain of "round" is intact: 8 entries, head [0-9a-f]{64} \(checked by the server\)\./);
        expect(status).toBe(0);
      }

      const ds = t.app.get(DataSource);
      const [second] = (await rows(ds)).slice(1, 2);
      await ds.query(`UPDATE audit_entry SET reason = 'rewritten' WHERE id = $1`, [second!.id]);
      const broken = await request(t.server).get('/api/admin/events/round/audit/verify').set(adminAuth).expect(200);
      expect(broken.body).toMatchObject({ ok: false, head: null, broken: { kind: 'edited', id: second!.id, seq: 2 } });
      await ds.query('UPDATE audit_entry SET reason = $2 WHERE id = $1', [second!.id, second!.reason]);
    } finally {
      await t.close({ keepDatabase: true });
    }
  }, 90_000);

  it('records setting changes in the server-wide chain', async () => {
    const verdict = await withDatabase(async (ds) => {
      const rows: ChainRow[] = await ds.query(CHAIN_ROWS_SQL, ['']);
      expect(rows.map((r) => [r.action, r.target])).toContainEqual(['setting.change', 'setting:admin_token']);
      expect(JSON.stringify(rows)).not.toContain(TEST_ADMIN_TOKEN);
      return verifyChain(rows.map(chainEntry));
    });
    expect(verdict).toMatchObject({ ok: true });
  });

  it('names an edited entry', async () => {
    const target = await withDatabase(async (ds) => {
      const third = (await rows(ds))[2]!;
      await ds.query(`UPDATE audit_entry SET reason = 'nothing to see' WHERE id = $1`, [third.id]);
      return third;
    });
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: false, error: { kind: 'edited', id: target.id, seq: 3 } });
    const printed = describeVerdict('round', { kind: 'verdict', verdict });
    expect(printed.code).toBe(1);
    expect(printed.err).toContain(`entry #3 (row id ${target.id}`);
    expect(printed.err).toContain('was edited');
    await withDatabase((ds) => ds.query('UPDATE audit_entry SET reason = $2 WHERE id = $1', [target.id, target.reason]));
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names a deleted entry', async () => {
    const saved = await withDatabase(async (ds) => {
      const all: Record<string, unknown>[] = await ds.query(`SELECT * FROM audit_entry WHERE event = 'round' ORDER BY seq`);
      await ds.query('DELETE FROM audit_entry WHERE id = $1', [all[4]!['id']]);
      return all[4]!;
    });
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: false, error: { kind: 'missing', seq: 6 } });
    if (!verdict.ok) expect(verdict.error.message).toContain('entry #5 before it is missing');
    await withDatabase((ds) =>
      ds.query(
        `INSERT INTO audit_entry (id, at, event, seq, actor, action, target, reason, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11)`,
        [saved['id'], saved['at'], saved['event'], saved['seq'], saved['actor'], saved['action'], saved['target'], saved['reason'], JSON.stringify(saved['details']), saved['prev_hash'], saved['hash']],
      ),
    );
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names swapped entries, even when the swapper recomputed their own hashes', async () => {
    const [a, b] = await withDatabase(async (ds) => {
      const all = await rows(ds);
      const [x, y] = [all[1]!, all[2]!];
      // Swap the positions of entries #2 and #3.
      await ds.query('UPDATE audit_entry SET seq = -1 WHERE id = $1', [x.id]);
      await ds.query('UPDATE audit_entry SET seq = $2 WHERE id = $1', [y.id, x.seq]);
      await ds.query('UPDATE audit_entry SET seq = $2 WHERE id = $1', [x.id, y.seq]);
      return [x, y];
    });
    expect(await verify()).toMatchObject({ ok: false, error: { kind: 'edited', id: b.id, seq: 2 } });
    // A careful forger also recomputes each moved entry's own hash: the links still give it away.
    await withDatabase(async (ds) => {
      const full: Record<string, unknown>[] = await ds.query('SELECT * FROM audit_entry WHERE id = ANY($1::int[])', [[a.id, b.id]]);
      for (const r of full) {
        const entry = {
          seq: Number(r['seq']),
          at: new Date(r['at'] as string),
          event: String(r['event']),
          actor: String(r['actor']),
          action: String(r['action']),
          target: String(r['target']),
          reason: (r['reason'] as string | null) ?? null,
          details: r['details'] as Record<string, unknown>,
          prevHash: String(r['prev_hash']),
        };
        await ds.query('UPDATE audit_entry SET hash = $2 WHERE id = $1', [r['id'], entryHash(entry)]);
      }
    });
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: false, error: { kind: 'reordered', id: b.id, seq: 2 } });
    if (!verdict.ok) expect(verdict.error.message).toContain('does not follow the entry before it');
  });

  it('verifyChain: an empty chain is intact; an entry without a hash is named', () => {
    expect(verifyChain([])).toEqual({ ok: true, entries: 0, head: null });
    const bare: ChainEntry = { id: 7, seq: null, at: new Date(0), event: 'round', actor: 'x', action: 'y', target: 'z', reason: null, details: {}, prevHash: null, hash: null };
    expect(verifyChain([bare])).toMatchObject({ ok: false, error: { kind: 'unchained', id: 7 } });
  });

  it('refuses an unknown event and a missing database with exit code 2', async () => {
    const unknown = await verifyAuditChain(database.database, 'nope');
    expect(describeVerdict('nope', unknown)).toMatchObject({ code: 2, err: 'No event "nope" in this database.' });
    const missing = await verifyAuditChain({ kind: 'pglite', dataDir: '/nonexistent/podium-data' }, 'round');
    expect(describeVerdict('round', missing).code).toBe(2);
  });
});
