// Where blob bytes live: files under the data dir on the embedded database (so megabytes never go
// through PGlite on the event loop), the row itself on PostgreSQL (shared by every node).
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataSource } from '../../src/database/data-source.factory.js';
import { BlobRepository } from '../../src/modules/blobs/blob.repository.js';
import { sha256Hex } from '../../src/modules/blobs/sha256.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('blob store', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let blobs: BlobRepository;
  const embedded = !process.env['DATABASE_URL'];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDataSource(db.database);
    blobs = new BlobRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('stores the bytes once under their sha256 and reads them back', async () => {
    const bytes = bytesOf('id,p\nCase1,0.5\n');
    const sha256 = await blobs.put(bytes);
    expect(sha256).toBe(sha256Hex(bytes));
    expect(await blobs.put(bytes)).toBe(sha256);
    expect(await blobs.get(sha256)).toEqual(new Uint8Array(bytes));
    const rows = await dataSource.query('SELECT size, octet_length(bytes) AS in_row FROM blob WHERE sha256 = $1', [sha256]);
    expect(rows).toEqual([{ size: bytes.byteLength, in_row: embedded ? 0 : bytes.byteLength }]);
    expect(blobs.files !== null).toBe(embedded);
    if (blobs.files) expect(existsSync(blobs.files.path(sha256))).toBe(true);
    expect(await blobs.get('0'.repeat(64))).toBeUndefined();
  });

  it('a staged file is recorded by a transaction; a rolled back one leaves only a file no row names', async () => {
    const kept = await blobs.stage(bytesOf('kept'));
    await dataSource.transaction((manager) => blobs.put(kept, manager));
    const dropped = await blobs.stage(bytesOf('rolled back'));
    await expect(
      dataSource.transaction(async (manager) => {
        await blobs.put(dropped, manager);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await blobs.get(kept.sha256)).toEqual(new Uint8Array(kept.bytes));
    expect(await dataSource.query('SELECT 1 FROM blob WHERE sha256 = $1', [dropped.sha256])).toEqual([]);
  });

  it.runIf(embedded)('reads rows written before files were used, and says a blob whose file is gone is missing', async () => {
    const legacy = bytesOf('bytes kept in the row');
    const legacySha = sha256Hex(legacy);
    await dataSource.query('INSERT INTO blob (sha256, bytes, size) VALUES ($1, $2, $3)', [legacySha, Buffer.from(legacy), legacy.byteLength]);
    expect(await blobs.get(legacySha)).toEqual(new Uint8Array(legacy));
    await dataSource.query(`INSERT INTO blob (sha256, bytes, size) VALUES ($1, ''::bytea, 5)`, ['f'.repeat(64)]);
    expect(await blobs.get('f'.repeat(64))).toBeUndefined();
  });

  it.runIf(embedded)('the start-up sweep removes files no row names and interrupted writes, older than the cut-off only', async () => {
    const files = blobs.files!;
    const known = await blobs.put(bytesOf('named by a row'));
    const orphan = await blobs.stage(bytesOf('orphan of a crash'));
    const fresh = await blobs.stage(bytesOf('written by a transaction still open'));
    const tempDir = join(files.root, 'ab');
    mkdirSync(tempDir, { recursive: true });
    const temp = join(tempDir, `.tmp-${'a'.repeat(64)}-0000`);
    writeFileSync(temp, 'partial');
    const past = new Date(Date.now() - 3600_000);
    for (const path of [files.path(known), files.path(orphan.sha256), temp]) utimesSync(path, past, past);
    expect(await blobs.sweepFiles(new Date(Date.now() - 60_000))).toBe(2);
    expect(existsSync(files.path(known))).toBe(true);
    expect(existsSync(files.path(orphan.sha256))).toBe(false);
    expect(existsSync(temp)).toBe(false);
    expect(existsSync(files.path(fresh.sha256))).toBe(true);
  });
});
