// Builds the TypeORM data source: PostgreSQL through `pg` when DATABASE_URL is set, otherwise an
// embedded PGlite database in PODIUM_DATA_DIR. Committed migrations run on start; never synchronize.
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { AsyncMutex } from './async-mutex.js';
import { lockEmbeddedDataDir } from './embedded-lock.js';
import { EmbeddedWrites } from './embedded-writes.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { PGliteThread } from './pglite-thread.js';
import { TypeOrmNestLogger } from './typeorm-nest-logger.js';

const EMBEDDED_DATA_DIR = Symbol('podium.embeddedDataDir');
const EMBEDDED_WRITES = Symbol('podium.embeddedWrites');

type QueryCallback = (error: Error | null, result: unknown) => void;
type ConnectCallback = (error: Error | null, client: unknown, release: () => void) => void;

/**
 * The embedded database as a `pg`-style driver for TypeORM: PGlite runs in its own thread
 * (PGliteThread), and query runners are serialised, because PGlite is a single session: two
 * concurrent transactions would interleave and one COMMIT would commit the other's rows. The
 * lock is taken when a runner connects and given back when it releases. Consequence: inside a
 * transaction use its EntityManager only - a plain repository call would wait for the lock the
 * transaction holds.
 */
function embeddedDriver(dataDir: string): unknown {
  // Before PGlite touches the files: a second process on them would corrupt the database.
  const unlock = lockEmbeddedDataDir(dataDir);
  const writes = new EmbeddedWrites();
  // TypeORM makes one pool per data source: the thread starts with it.
  class EmbeddedPool extends EventEmitter {
    private readonly db = new PGliteThread(dataDir);
    private readonly mutex = new AsyncMutex();

    async query(sql: string, params?: unknown[] | QueryCallback, callback?: QueryCallback): Promise<unknown> {
      const done = typeof params === 'function' ? params : callback;
      writes.observe(sql);
      try {
        const result = await this.db.query(sql, Array.isArray(params) ? params : undefined);
        done?.(null, result);
        return result;
      } catch (error) {
        done?.(error as Error, null);
        throw error;
      }
    }

    /** Health: the database thread answers, even while a transaction holds the session. */
    ping(): Promise<void> {
      return this.db.ping();
    }

    /** The pool is its own client (one session); the release gives the lock back. */
    async connect(callback: ConnectCallback): Promise<void> {
      const release = await this.mutex.acquire();
      try {
        await this.db.ready;
      } catch (error) {
        release();
        callback(error as Error, null, () => undefined);
        return;
      }
      callback(null, this, () => release());
    }

    /** DataSource.destroy ends the pool: PGlite closes its files, then the directory is free. */
    end(callback: (error: Error | null) => void): void {
      this.db.close().then(
        () => {
          unlock();
          callback(null);
        },
        (error: unknown) => {
          unlock();
          callback(error as Error);
        },
      );
    }
  }
  return { Pool: EmbeddedPool, [EMBEDDED_DATA_DIR]: dataDir, [EMBEDDED_WRITES]: writes };
}

export function embeddedDataDir(dataSource: DataSource): string | null {
  const driver = (dataSource.options as { driver?: Record<symbol, unknown> }).driver;
  const dir = driver?.[EMBEDDED_DATA_DIR];
  return typeof dir === 'string' ? dir : null;
}

/**
 * On the embedded database, a check that its thread answers without queueing behind the session
 * a transaction holds (health); null on PostgreSQL, where `SELECT 1` on a pooled connection does that.
 */
export function embeddedPing(dataSource: DataSource): (() => Promise<void>) | null {
  if (!embeddedDataDir(dataSource)) return null;
  const pool = (dataSource.driver as unknown as { master?: { ping?: () => Promise<void> } }).master;
  return typeof pool?.ping === 'function' ? () => pool.ping!() : null;
}

/** The embedded database's write counter (see ReadCache), or null on PostgreSQL. */
export function embeddedWrites(dataSource: DataSource): EmbeddedWrites | null {
  const driver = (dataSource.options as { driver?: Record<symbol, unknown> }).driver;
  const writes = driver?.[EMBEDDED_WRITES];
  return writes instanceof EmbeddedWrites ? writes : null;
}

export function dataSourceOptions(database: AppConfig['database']): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'all' as const,
    synchronize: false,
    logging: ['error' as const],
    logger: new TypeOrmNestLogger(),
  };
  if (database.kind === 'postgres') {
    return { ...common, url: database.url };
  }
  const dataDir = resolve(database.dataDir);
  mkdirSync(dataDir, { recursive: true });
  return { ...common, driver: embeddedDriver(dataDir) };
}

/** Opens the database and brings its schema up to date with the committed migrations. */
export function openDataSource(database: AppConfig['database']): Promise<DataSource> {
  return initialiseAndMigrate(new DataSource(dataSourceOptions(database)));
}

export async function initialiseAndMigrate(dataSource: DataSource): Promise<DataSource> {
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'all' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
