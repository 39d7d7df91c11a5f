// Builds the TypeORM data source: PostgreSQL through `pg` when DATABASE_URL is set, otherwise an
// embedded PGlite database in PODIUM_DATA_DIR. Committed migrations run on start; never synchronize.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { getPGliteInstance, PGliteDriver } from 'typeorm-pglite';
import type { AppConfig } from '../config/app-config.js';
import { AsyncMutex } from './async-mutex.js';
import { lockEmbeddedDataDir } from './embedded-lock.js';
import { LoopTurns } from './loop-turns.js';
import { EmbeddedWrites } from './embedded-writes.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { forgetPreparedStatements, pipelinedQuery, planOnly } from './pglite-pipelined-query.js';
import { TypeOrmNestLogger } from './typeorm-nest-logger.js';

type PGliteOptions = NonNullable<ConstructorParameters<typeof PGliteDriver>[0]>;

/** Longest stretch of embedded statements before the event loop gets a turn (see LoopTurns). */
const EMBEDDED_SLICE_MS = 8;
/** Statements that may change a table's shape: prepared statements are dropped (pipelinedQuery). */
const SCHEMA_CHANGE = /^\s*(?:CREATE|ALTER|DROP)\b/i;

const EMBEDDED_DATA_DIR = Symbol('podium.embeddedDataDir');
const EMBEDDED_WRITES = Symbol('podium.embeddedWrites');
const EMBEDDED_PLANNER = Symbol('podium.embeddedPlanner');

/** Plans a statement without running it (embedded database only: see `embeddedPlanner`). */
export type StatementPlanner = (sql: string, params: readonly unknown[]) => Promise<void>;

/**
 * typeorm-pglite hands every query runner the same single PGlite session, so two concurrent
 * transactions would interleave and one COMMIT would commit the other's rows. Serialise query
 * runners instead: the lock is taken when a runner connects and given back when it releases.
 * Consequence: inside a transaction use its EntityManager only - a plain repository call would
 * wait for the lock the transaction holds. Parameterised statements go through `pipelinedQuery`
 * (one call into PGlite instead of six, each statement prepared once), and the event loop gets a
 * turn between statements every few milliseconds (LoopTurns).
 */
function serialisedPGliteDriver(options: PGliteOptions & { dataDir: string }): unknown {
  // Before PGlite touches the files: a second process on them would corrupt the database.
  const unlock = lockEmbeddedDataDir(options.dataDir);
  const BasePool = new PGliteDriver(options).driver.Pool;
  const mutex = new AsyncMutex();
  const writes = new EmbeddedWrites();
  const turns = new LoopTurns(EMBEDDED_SLICE_MS);
  type ConnectCallback = Parameters<InstanceType<typeof BasePool>['connect']>[0];
  type QueryCallback = NonNullable<Parameters<InstanceType<typeof BasePool>['query']>[2]>;
  type QueryResults = Awaited<ReturnType<InstanceType<typeof BasePool>['query']>>;
  class SerialisedPGlitePool extends BasePool {
    override async query(sql: string, params?: unknown[], callback?: QueryCallback): Promise<QueryResults> {
      writes.observe(sql);
      if (SCHEMA_CHANGE.test(sql)) forgetPreparedStatements(await getPGliteInstance());
      await turns.take();
      if (typeof params === 'function' || !Array.isArray(params) || params.length === 0) return super.query(sql, params, callback);
      try {
        const result = (await pipelinedQuery(await getPGliteInstance(), sql, params)) as QueryResults;
        callback?.(null, result);
        return result;
      } catch (error) {
        callback?.(error as Error, null);
        throw error;
      }
    }

    /** DataSource.destroy ends the pool: PGlite closes its files, then the directory is free. */
    override end(callback: (error: Error | null) => void): void {
      super.end((error: Error | null) => {
        unlock();
        callback(error);
      });
    }

    override async connect(callback: ConnectCallback): Promise<void> {
      const release = await mutex.acquire();
      await super.connect((error, client) => {
        if (error) release();
        callback(error, client, () => release());
      });
    }
  }
  const planner: StatementPlanner = async (sql, params) => {
    const release = await mutex.acquire();
    try {
      await planOnly(await getPGliteInstance(), sql, params);
    } finally {
      release();
    }
  };
  return { Pool: SerialisedPGlitePool, [EMBEDDED_DATA_DIR]: options.dataDir, [EMBEDDED_WRITES]: writes, [EMBEDDED_PLANNER]: planner };
}

/** The embedded database's directory (PODIUM_DATA_DIR, absolute), or null on PostgreSQL. */
export function embeddedDataDir(dataSource: DataSource): string | null {
  const driver = (dataSource.options as { driver?: Record<symbol, unknown> }).driver;
  const dir = driver?.[EMBEDDED_DATA_DIR];
  return typeof dir === 'string' ? dir : null;
}

/** The embedded database's write counter (see ReadCache), or null on PostgreSQL. */
export function embeddedWrites(dataSource: DataSource): EmbeddedWrites | null {
  const driver = (dataSource.options as { driver?: Record<symbol, unknown> }).driver;
  const writes = driver?.[EMBEDDED_WRITES];
  return writes instanceof EmbeddedWrites ? writes : null;
}

/**
 * On the embedded database, a function that prepares and plans a statement without running it
 * (start-up warm-ups of write statements: no row, no sequence value); null on PostgreSQL.
 */
export function embeddedPlanner(dataSource: DataSource): StatementPlanner | null {
  const driver = (dataSource.options as { driver?: Record<symbol, unknown> }).driver;
  const planner = driver?.[EMBEDDED_PLANNER];
  return typeof planner === 'function' ? (planner as StatementPlanner) : null;
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
  return { ...common, driver: serialisedPGliteDriver({ dataDir }) };
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
