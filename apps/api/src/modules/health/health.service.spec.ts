import { describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../config/app-config.js';
import type { HealthRepository } from './health.repository.js';
import { HealthService } from './health.service.js';

const config = { database: { kind: 'postgres' } } as AppConfig;

describe('HealthService', () => {
  it('answers ok with the database kind and the version once the database answered', async () => {
    const ping = vi.fn().mockResolvedValue(undefined);
    const health = await new HealthService(config, { ping } as unknown as HealthRepository).health();
    expect(ping).toHaveBeenCalledOnce();
    expect(health).toEqual({ status: 'ok', database: 'postgres', version: expect.stringMatching(/^\d+\.\d+\.\d+/), uptimeSeconds: expect.any(Number) });
  });

  it('fails when the database does not answer (the filter makes it a 500 problem)', async () => {
    const down = new Error('connection refused');
    await expect(new HealthService(config, { ping: vi.fn().mockRejectedValue(down) } as unknown as HealthRepository).health()).rejects.toBe(down);
  });
});
