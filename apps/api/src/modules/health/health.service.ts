// What this node can tell about itself and what it depends on. The public answer says up/down
// only; queue depth and scoring lag go to the organiser (after a freeze they would tell the
// audience that uploads keep arriving).
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { HealthResponse, NodeHealthDetails } from '@podium/contracts';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/app-config.token.js';
import { SCORING_QUEUE, type ScoringQueue, type ScoringQueueHealth } from '../scoring-jobs/scoring-queue.js';
import { HealthRepository } from './health.repository.js';

// Same depth under src/ and dist/, so this resolves in tests and in the build.
const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** A database that does not answer `SELECT 1` within this is down for health. */
const DATABASE_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  private readonly node: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: HealthRepository,
    private readonly moduleRef: ModuleRef,
  ) {
    this.node = `${hostname()}:${config.port}`;
  }

  async summary(): Promise<HealthResponse> {
    const [database, queue] = await Promise.all([this.databaseLatency(), this.queueHealth()]);
    return this.answer(database, queue);
  }

  async details(): Promise<NodeHealthDetails> {
    const [database, queue] = await Promise.all([this.databaseLatency(), this.queueHealth()]);
    return {
      ...this.answer(database, queue),
      databaseLatencyMs: database,
      queue: queue.depth,
      scoringLagSeconds: database === null ? null : await this.scoringLagSeconds().catch(() => null),
    };
  }

  private answer(databaseLatencyMs: number | null, queue: ScoringQueueHealth): HealthResponse {
    const ready = databaseLatencyMs !== null;
    return {
      status: ready && queue.redis !== 'down' ? 'ok' : 'degraded',
      database: this.config.database.kind,
      version: VERSION,
      uptimeSeconds: Math.round(process.uptime()),
      node: this.node,
      ready,
      checks: { database: ready ? 'up' : 'down', redis: queue.redis },
    };
  }

  /** Round trip of `SELECT 1` in ms, or null when the database does not answer in time. */
  private async databaseLatency(): Promise<number | null> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), DATABASE_TIMEOUT_MS)));
    try {
      const answered = await Promise.race([this.repository.ping().then(() => true), late]);
      return answered ? Math.round((performance.now() - started) * 10) / 10 : null;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  private async queueHealth(): Promise<ScoringQueueHealth> {
    // The scoring module registers the queue; a process without it (none today) reports no Redis.
    const queue = this.moduleRef.get<ScoringQueue>(SCORING_QUEUE, { strict: false });
    return queue.health();
  }

  private async scoringLagSeconds(): Promise<number> {
    const oldest = await this.repository.oldestUnsettled();
    return oldest ? Math.max(0, Math.round((Date.now() - oldest.getTime()) / 100) / 10) : 0;
  }
}
