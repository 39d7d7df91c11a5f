// Environment -> typed configuration, validated once at boot. A bad value stops the process with a
// message naming every offending variable, so an operator fixes them all in one go.
import { z } from 'zod';

const MIB = 1024 * 1024;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  PODIUM_DATA_DIR: z.string().min(1).default('./data'),
  PODIUM_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  PODIUM_DEMO: z.enum(['on', 'off']).default('on'),
  PODIUM_PUBLIC_URL: z.url().optional(),
  PODIUM_BUNDLE_LIMIT_MB: z.coerce.number().positive().default(256),
  PODIUM_LIVE_SUBSCRIBES_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  PODIUM_LIVE_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(0).default(1000),
  PODIUM_REJECTED_UPLOADS_PER_MINUTE: z.coerce.number().int().min(0).default(10),
});

export interface AppConfig {
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  adminToken: string | undefined;
  redisUrl: string | undefined;
  demo: boolean;
  /** Base URL printed in links; defaults to http://localhost:<port>. */
  publicUrl: string;
  /** Largest event bundle accepted by POST /api/admin/events, in bytes. */
  bundleLimitBytes: number;
  /** `subscribe` messages one `/live` socket may send per minute (0: no limit); beyond twice this, the socket is dropped. */
  liveSubscribesPerMinute: number;
  /** Open `/live` connections per client address on this node (0: no limit). */
  liveConnectionsPerAddress: number;
  /** Rejected uploads per team per minute before its uploads are answered 429 (0: no limit). */
  rejectedUploadsPerMinute: number;
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset: `PODIUM_ADMIN_TOKEN=` in a compose file means "generate one". */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: e.PODIUM_DATA_DIR },
    adminToken: e.PODIUM_ADMIN_TOKEN,
    redisUrl: e.REDIS_URL,
    demo: e.PODIUM_DEMO === 'on',
    publicUrl: (e.PODIUM_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    bundleLimitBytes: Math.round(e.PODIUM_BUNDLE_LIMIT_MB * MIB),
    liveSubscribesPerMinute: e.PODIUM_LIVE_SUBSCRIBES_PER_MINUTE,
    liveConnectionsPerAddress: e.PODIUM_LIVE_CONNECTIONS_PER_ADDRESS,
    rejectedUploadsPerMinute: e.PODIUM_REJECTED_UPLOADS_PER_MINUTE,
  };
}
