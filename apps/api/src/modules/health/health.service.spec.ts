import { describe, expect, it, vi } from 'vitest';
import type { ModuleRef } from '@nestjs/core';
import type { AppConfig } from '../../config/app-config.js';
import type { ScoringQueueHealth } from '../scoring-jobs/scoring-queue.js';
import type { HealthRepository } from './health.repository.js';
import { HealthService } from './health.service.js';

const config = { database: { kind: 'postgres' }, port: 3000 } as AppConfig;

function service(repository: Partial<HealthRepository>, queue: ScoringQueueHealth): HealthService {
  const moduleRef = { get: () => ({ health: () => Promise.resolve(queue) }) } as unknown as ModuleRef;
  return new HealthService(config, repository as HealthRepository, moduleRef);
}

describe('HealthService', () => {
  it('is ready and ok when the database answers and Redis is up; degraded (still ready) when Redis is down', async () => {
    const ping = vi.fn().mockResolvedValue(undefined);
    const up = await service({ ping }, { redis: 'up', depth: { waiting: 0, active: 0, failed: 0 } }).summary();
    expect(up).toEqual({
      status: 'ok',
      database: 'postgres',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      uptimeSeconds: expect.any(Number),
      node: expect.stringMatching(/:3000$/),
      ready: true,
      checks: { database: 'up', redis: 'up' },
    });
    const down = await service({ ping }, { redis: 'down', depth: null }).summary();
    expect(down).toMatchObject({ status: 'degraded', ready: true, checks: { database: 'up', redis: 'down' } });
  });

  it('is not ready when the database does not answer, and says so instead of throwing', async () => {
    const health = await service({ ping: vi.fn().mockRejectedValue(new Error('connection refused')) }, { redis: 'absent', depth: { waiting: 0, active: 0, failed: 0 } }).details();
    expect(health).toMatchObject({ ready: false, status: 'degraded', checks: { database: 'down', redis: 'absent' }, databaseLatencyMs: null, scoringLagSeconds: null });
  });

  it('reports the age of the oldest unsettled submission as the scoring lag', async () => {
    const oldestUnsettled = vi.fn().mockResolvedValue(new Date(Date.now() - 4000));
    const health = await service({ ping: vi.fn().mockResolvedValue(undefined), oldestUnsettled }, { redis: 'up', depth: { waiting: 3, active: 1, failed: 0 } }).details();
    expect(health.queue).toEqual({ waiting: 3, active: 1, failed: 0 });
    expect(health.scoringLagSeconds).toBeGreaterThanOrEqual(4);
    expect(health.scoringLagSeconds).toBeLessThan(60);
  });
});
