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

  it('requires an admin token of at least 32 characters outside development, 16 in development', () => {
    const token = 'x'.repeat(20);
    expect(() => loadConfig({ PODIUM_ADMIN_TOKEN: token })).toThrow(/PODIUM_ADMIN_TOKEN: must be at least 32 characters outside development \(got 20\)/);
    expect(() => loadConfig({ PODIUM_ADMIN_TOKEN: token, PODIUM_ENV: 'production', NODE_ENV: 'development' })).toThrow(ConfigError);
    expect(loadConfig({ PODIUM_ADMIN_TOKEN: token, PODIUM_ENV: 'development' }).adminToken).toBe(token);
    expect(loadConfig({ PODIUM_ADMIN_TOKEN: token, NODE_ENV: 'test' }).env).toBe('development');
    expect(loadConfig({ PODIUM_ADMIN_TOKEN: 'y'.repeat(32) }).env).toBe('production');
    // Unset: generated (43 characters), so `npm start` needs nothing.
    expect(loadConfig({}).adminToken).toBeUndefined();
  });

  it('reads the failed-attempt limits and the allowed origins, and names bad values', () => {
    const defaults = loadConfig({ PODIUM_PUBLIC_URL: 'https://podium.example.org/' });
    expect(defaults).toMatchObject({ authFailureLimit: 20, authFailureWindowSeconds: 60, allowedOrigins: ['https://podium.example.org'] });
    expect(loadConfig({ PORT: '4000' }).allowedOrigins).toEqual(['http://localhost:4000']);
    const set = loadConfig({ PODIUM_AUTH_FAILURE_LIMIT: '5', PODIUM_AUTH_FAILURE_WINDOW_S: '900', PODIUM_ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080' });
    expect(set).toMatchObject({ authFailureLimit: 5, authFailureWindowSeconds: 900, allowedOrigins: ['https://a.example', 'http://b.example:8080'] });
    let error: unknown;
    try {
      loadConfig({ PODIUM_AUTH_FAILURE_LIMIT: '0', PODIUM_AUTH_FAILURE_WINDOW_S: 'soon', PODIUM_ALLOWED_ORIGINS: 'https://a.example/path', PODIUM_ENV: 'staging' });
    } catch (caught) {
      error = caught;
    }
    const issues = (error as ConfigError).issues.join('\n');
    for (const name of ['PODIUM_AUTH_FAILURE_LIMIT', 'PODIUM_AUTH_FAILURE_WINDOW_S', 'PODIUM_ALLOWED_ORIGINS', 'PODIUM_ENV']) expect(issues).toContain(name);
  });

  it('reads the results key secret (32+ characters) and names a short one', () => {
    expect(loadConfig({}).resultsKeySecret).toBeUndefined();
    expect(loadConfig({ PODIUM_RESULTS_KEY_SECRET: 's'.repeat(32) }).resultsKeySecret).toBe('s'.repeat(32));
    expect(() => loadConfig({ PODIUM_RESULTS_KEY_SECRET: 'short' })).toThrow(/PODIUM_RESULTS_KEY_SECRET: must be at least 32 characters/);
  });

  it('reads PODIUM_SCORING_THREADS (default cores - 1, 0 only with REDIS_URL) and names a bad value instead of throwing a stack', () => {
    expect(loadConfig({}).scoringThreads).toBeGreaterThanOrEqual(1);
    expect(loadConfig({ PODIUM_SCORING_THREADS: '3' }).scoringThreads).toBe(3);
    expect(loadConfig({ PODIUM_SCORING_THREADS: '0', REDIS_URL: 'redis://127.0.0.1:6379' }).scoringThreads).toBe(0);
    for (const bad of ['many', '-1', '1.5', '65']) expect(() => loadConfig({ PODIUM_SCORING_THREADS: bad })).toThrow(/PODIUM_SCORING_THREADS/);
    expect(() => loadConfig({ PODIUM_SCORING_THREADS: '0' })).toThrow(/PODIUM_SCORING_THREADS: 0 .* needs REDIS_URL/);
  });
});
