// `podium audit verify`: re-walks one event's audit chain straight from the database (PostgreSQL,
// or the embedded data directory while the server is stopped), without the application. While a
// server holds the embedded directory the answer is `busy`: the CLI then asks that server.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { dataSourceOptions } from '../../database/data-source.factory.js';
import { EmbeddedDatabaseBusy } from '../../database/embedded-lock.js';
import { CHAIN_ROWS_SQL, chainEntry, type ChainRow, type ChainVerdict, verifyChain } from './audit-chain.js';

export type VerifyOutcome = { kind: 'verdict'; verdict: ChainVerdict } | { kind: 'busy'; message: string } | { kind: 'error'; message: string };

/** Exit code of `audit-verify-main` when a running server holds the embedded database. */
export const EXIT_DATABASE_BUSY = 3;

/** The event's chain as stored, checked entry by entry; null when there is no such event. */
export async function readAndVerifyChain(dataSource: Pick<DataSource, 'query'>, event: string): Promise<ChainVerdict | null> {
  const events: unknown[] = await dataSource.query('SELECT 1 FROM event WHERE slug = $1', [event]);
  if (events.length === 0) return null;
  const rows: ChainRow[] = await dataSource.query(CHAIN_ROWS_SQL, [event]);
  return verifyChain(rows.map(chainEntry));
}

export async function verifyAuditChain(database: AppConfig['database'], event: string): Promise<VerifyOutcome> {
  if (database.kind === 'pglite' && !existsSync(resolve(database.dataDir))) {
    return { kind: 'error', message: `No database at ${resolve(database.dataDir)} (set PODIUM_DATA_DIR or --data-dir, or DATABASE_URL / --database-url).` };
  }
  // Read only: no migration, no synchronisation.
  let dataSource: DataSource;
  try {
    dataSource = new DataSource(dataSourceOptions(database));
  } catch (error) {
    if (error instanceof EmbeddedDatabaseBusy) return { kind: 'busy', message: error.message };
    throw error;
  }
  try {
    await dataSource.initialize();
  } catch (error) {
    return { kind: 'error', message: `Cannot open the database: ${error instanceof Error ? error.message : String(error)} (an embedded database can only be opened while the server is stopped).` };
  }
  try {
    const verdict = await readAndVerifyChain(dataSource, event);
    return verdict ? { kind: 'verdict', verdict } : { kind: 'error', message: `No event "${event}" in this database.` };
  } catch (error) {
    return { kind: 'error', message: `Cannot read the audit log: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    await dataSource.destroy();
  }
}

/** What the command prints and its exit code: 0 intact, 1 broken (first bad entry named), 2 cannot check. */
export function describeVerdict(event: string, outcome: VerifyOutcome): { code: number; out: string; err: string } {
  if (outcome.kind === 'busy') return { code: EXIT_DATABASE_BUSY, out: '', err: outcome.message };
  if (outcome.kind === 'error') return { code: 2, out: '', err: outcome.message };
  const v = outcome.verdict;
  if (v.ok) return { code: 0, out: `Audit chain of "${event}" is intact: ${v.entries} entr${v.entries === 1 ? 'y' : 'ies'}, head ${v.head ?? '(empty)'}.`, err: '' };
  return { code: 1, out: '', err: `Audit chain of "${event}" is BROKEN at ${v.error.message}.` };
}
