import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('applies defaults and picks PGlite without DATABASE_URL', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.database).toEqual({ kind: 'pglite', dataDir: './data' });
    expect(config.demo).toBe(true);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.bundleLimitBytes).toBe(256 * 1024 * 1024);
    expect(config).toMatchObject({ liveSubscribesPerMinute: 30, liveConnectionsPerAddress: 1000, rejectedUploadsPerMinute: 10 });
  });

  it('picks PostgreSQL with DATABASE_URL and treats empty strings as unset', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h/db', PODIUM_ADMIN_TOKEN: '', PODIUM_DEMO: 'off' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@h/db' });
    expect(config.adminToken).toBeUndefined();
    expect(config.demo).toBe(false);
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', PODIUM_DEMO: 'maybe', PODIUM_ADMIN_TOKEN: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'PODIUM_DEMO', 'PODIUM_ADMIN_TOKEN']) expect(issues).toContain(name);
  });
});
