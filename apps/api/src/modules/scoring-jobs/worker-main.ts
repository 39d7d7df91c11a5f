// `podium worker` process: consumes the Redis (BullMQ) scoring queue with a pool of worker threads
// and writes results to the shared PostgreSQL database, so scoring scales past one machine.
// The API node(s) take submissions and enqueue them; any number of these processes score them.
import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClockModule } from '../../common/clock/clock.module.js';
import { ConfigError, loadConfig, type AppConfig } from '../../config/app-config.js';
import { ConfigModule } from '../../config/config.module.js';
import { DatabaseModule } from '../../database/database.module.js';
import { BlobsModule } from '../blobs/blobs.module.js';
import { FeedModule } from '../feed/feed.module.js';
import { ScoringJobsModule } from './scoring-jobs.module.js';
import { scoringSettings } from './scoring-settings.js';

function workerConfig(env: NodeJS.ProcessEnv): AppConfig {
  const config = loadConfig(env);
  const issues: string[] = [];
  if (!config.redisUrl) issues.push('REDIS_URL: required: the worker takes its jobs from the Redis queue');
  // PGlite is one process's database: a second process cannot open it while the server runs.
  if (config.database.kind !== 'postgres') issues.push('DATABASE_URL: required: the worker writes to the PostgreSQL database the API uses');
  if (issues.length > 0) throw new ConfigError(issues);
  scoringSettings('worker', config);
  return config;
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = workerConfig(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  @Module({ imports: [ConfigModule.register(config), DatabaseModule, ClockModule, FeedModule, BlobsModule, ScoringJobsModule.register('worker')] })
  class WorkerModule {}
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['log', 'warn', 'error'] });
  app.enableShutdownHooks();
  await app.init();
  const threads = scoringSettings('worker', config).threads;
  process.stdout.write(`Podium scoring worker up: ${threads} thread(s), queue on ${new URL(config.redisUrl!).host}.\n`);
}

main().catch((error: unknown) => {
  new Logger('Worker').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
