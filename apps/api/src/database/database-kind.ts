import type { DataSource } from 'typeorm';

/**
 * True on the embedded PGlite database (one session, transactions already serialised), where
 * row locks and advisory locks are unnecessary; false on PostgreSQL, where concurrent requests
 * and nodes need them.
 */
export function isEmbeddedDatabase(dataSource: DataSource): boolean {
  return (dataSource.options as { driver?: unknown }).driver !== undefined;
}
