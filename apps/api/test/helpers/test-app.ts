// Boots the real AppModule on a fresh database (see test-database.ts) for integration tests.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestApp {
  app: NestExpressApplication;
  /** The Node HTTP server, for supertest: `request(t.server)`. */
  server: ReturnType<NestExpressApplication['getHttpServer']>;
  config: AppConfig;
  database: TestDatabase;
  /** Closes the app; drops the database unless `keepDatabase` (restart tests). */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface TestAppOptions {
  /** Reuse a database (restart tests); default: a fresh one. */
  database?: TestDatabase;
  /** Extra environment, e.g. `{ PODIUM_DEMO: 'on' }`; the demo is off by default in tests. */
  env?: Record<string, string | undefined>;
  /** Live hub timing other than the default (batching and coalescing tests). */
  liveTiming?: Partial<AppConfig['liveTiming']>;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const loaded = loadConfig({ PODIUM_DEMO: 'off', PODIUM_ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...options.env });
  const config: AppConfig = { ...loaded, database: database.database, liveTiming: { ...loaded.liveTiming, ...options.liveTiming } };
  const app = await createApp(config, { logger: ['error'] });
  return {
    app,
    server: app.getHttpServer(),
    config,
    database,
    async close({ keepDatabase = false } = {}) {
      await app.close();
      if (!keepDatabase) await database.drop();
    },
  };
}

export const adminAuth = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
