import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { embeddedDataDir, type StatementPlanner } from '../../database/data-source.factory.js';
import { BlobFiles } from './blob-files.js';
import { sha256Hex } from './sha256.js';

/** Bytes whose file (embedded database) is already durable: `put` then only records the row. */
export interface StagedBlob {
  readonly sha256: string;
  readonly bytes: Uint8Array;
}

/**
 * Bytes of the latest blobs stored or read by this process, so the scoring job of a fresh upload
 * (and the answer keys) do not read them back from disk or the database. Content-addressed, so
 * never stale, on any number of nodes.
 */
const RECENT_BUDGET_BYTES = 64 * 1024 * 1024;

/** Empty bytea: the row of a blob whose bytes are a file (embedded database). */
const IN_FILE = Buffer.alloc(0);

const INSERT_BLOB = 'INSERT INTO blob (sha256, bytes, size) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING';

/**
 * Content-addressed file storage; the same bytes are stored once, and every blob has a `blob`
 * row (submissions and tasks reference it). Where the bytes live depends on the database:
 * - PostgreSQL: in the row (bytea), so several API nodes and `podium worker`s share them
 *   without a shared disk;
 * - embedded PGlite: in `<PODIUM_DATA_DIR>/blobs` (BlobFiles), the row holding an empty bytea,
 *   so large uploads never pass through PGlite on the event loop. Rows written before files were
 *   used keep their bytes and are still read.
 */
@Injectable()
export class BlobRepository {
  readonly files: BlobFiles | null;
  private readonly recent = new Map<string, Uint8Array>();
  private recentBytes = 0;

  constructor(private readonly dataSource: DataSource) {
    const dataDir = embeddedDataDir(dataSource);
    this.files = dataDir === null ? null : new BlobFiles(join(dataDir, 'blobs'));
  }

  /**
   * Stores the bytes once (content-addressed) and returns their sha256. With a transaction's
   * `manager` the row commits with it; on the embedded database the file is durable before.
   */
  async put(blob: Uint8Array | StagedBlob, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const { sha256, bytes } = blob instanceof Uint8Array ? await this.stage(blob) : blob;
    await manager.query(INSERT_BLOB, [
      sha256,
      this.files ? IN_FILE : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      bytes.byteLength,
    ]);
    return sha256;
  }

  /** Plans `put`'s statement without running it (start-up warm-up: see IntakeWarmup). */
  planPut(plan: StatementPlanner): Promise<void> {
    return plan(INSERT_BLOB, ['', IN_FILE, 0]);
  }

  /**
   * Writes the file now (embedded database; nothing to do on PostgreSQL), so a transaction that
   * records the row with `put` does not hold the database while a large file is written.
   */
  async stage(bytes: Uint8Array, sha256 = sha256Hex(bytes)): Promise<StagedBlob> {
    if (this.files) await this.files.write(sha256, bytes);
    this.remember(sha256, bytes);
    return { sha256, bytes };
  }

  async get(sha256: string, manager: EntityManager = this.dataSource.manager): Promise<Uint8Array | undefined> {
    const kept = this.recent.get(sha256);
    if (kept) {
      // Most recently used last: the first entries are evicted first.
      this.recent.delete(sha256);
      this.recent.set(sha256, kept);
      return kept;
    }
    const read = await this.read(sha256, manager);
    if (read) this.remember(sha256, read);
    return read;
  }

  private async read(sha256: string, manager: EntityManager): Promise<Uint8Array | undefined> {
    const file = await this.files?.read(sha256);
    if (file) return file;
    const rows: { bytes: Buffer; size: number }[] = await manager.query('SELECT bytes, size FROM blob WHERE sha256 = $1', [sha256]);
    const row = rows[0];
    // An empty bytea stands for a file when size > 0: the file is gone, so the blob is.
    if (!row || (row.bytes.byteLength === 0 && row.size > 0)) return undefined;
    return new Uint8Array(row.bytes);
  }

  private remember(sha256: string, bytes: Uint8Array): void {
    if (this.recent.has(sha256) || bytes.byteLength > RECENT_BUDGET_BYTES / 4) return;
    this.recent.set(sha256, bytes);
    this.recentBytes += bytes.byteLength;
    for (const [key, value] of this.recent) {
      if (this.recentBytes <= RECENT_BUDGET_BYTES) break;
      this.recent.delete(key);
      this.recentBytes -= value.byteLength;
    }
  }

  /**
   * Embedded database: removes blob files no row names and leftovers of interrupted writes, among
   * those older than `before` (default: this process's start, so no write of ours is touched).
   */
  async sweepFiles(before = new Date(Date.now() - process.uptime() * 1000)): Promise<number> {
    if (!this.files) return 0;
    const rows: { sha256: string }[] = await this.dataSource.query('SELECT sha256 FROM blob');
    const known = new Set(rows.map((r) => r.sha256));
    return this.files.sweep((sha256) => known.has(sha256), before);
  }
}
