// Environment -> typed configuration, validated once at boot. A bad value stops the process with a
// message naming every offending variable, so an operator fixes them all in one go.
import { availableParallelism } from 'node:os';
import { z } from 'zod';

const MIB = 1024 * 1024;
/** An admin token guards every organiser route: long enough not to be guessed outside development. */
export const ADMIN_TOKEN_MIN = 32;
const DEV_ADMIN_TOKEN_MIN = 16;
/** The passphrase of the events' results signing keys at rest: a secret nobody types, so long. */
const RESULTS_KEY_SECRET_MIN = 32;

const SCORING_THREADS_RANGE = 'must be an integer from 0 to 64';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  PODIUM_DATA_DIR: z.string().min(1).default('./data'),
  PODIUM_ENV: z.enum(['production', 'development']).optional(),
  PODIUM_ADMIN_TOKEN: z.string().min(DEV_ADMIN_TOKEN_MIN, `must be at least ${DEV_ADMIN_TOKEN_MIN} characters`).optional(),
  PODIUM_AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
  PODIUM_AUTH_FAILURE_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(60),
  PODIUM_ALLOWED_ORIGINS: z
    .string()
    .transform((value) => value.split(',').map((o) => o.trim()).filter((o) => o !== ''))
    .pipe(z.array(z.string().regex(/^(\*|https?:\/\/[^/\s,]+)$/, 'must be a comma list of origins like https://podium.example.org (scheme://host[:port], no path), or *')))
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  PODIUM_DEMO: z.enum(['on', 'off']).default('on'),
  PODIUM_PUBLIC_URL: z.url().optional(),
  PODIUM_BUNDLE_LIMIT_MB: z.coerce.number().positive().default(256),
  PODIUM_TRUST_PROXY: z.string().min(1).optional(),
  PODIUM_LIVE_SUBSCRIBES_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  PODIUM_LIVE_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(0).default(1000),
  PODIUM_REJECTED_UPLOADS_PER_MINUTE: z.coerce.number().int().min(0).default(10),
  PODIUM_SCORING_THREADS: z.coerce.number({ error: SCORING_THREADS_RANGE }).int(SCORING_THREADS_RANGE).min(0, SCORING_THREADS_RANGE).max(64, SCORING_THREADS_RANGE).optional(),
  PODIUM_RESULTS_KEY_SECRET: z.string().min(RESULTS_KEY_SECRET_MIN, `must be at least ${RESULTS_KEY_SECRET_MIN} characters (openssl rand -hex 24)`).optional(),
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
  /**
   * Live hub timing (no variable: tests and the bench pass their own). coalesceMs: board frames of
   * one task at least this far apart. batchMs: how long frames may wait for an upload's result and
   * board (~50-130 ms after its `received` on a loaded 2-core box) to share one message.
   */
  liveTiming: { coalesceMs: number; batchMs: number };
  /**
   * Express `trust proxy` (behind a reverse proxy: which X-Forwarded-For hops to believe, e.g.
   * `loopback` or `1`), so per-address limits see the client, not the proxy. Unset: not trusted.
   */
  trustProxy: boolean | number | string | undefined;
  /**
   * `development` relaxes what protects a public deployment (admin token length). From
   * PODIUM_ENV; unset, NODE_ENV=development or test means development, anything else production.
   */
  env: 'production' | 'development';
  /** Failed token checks allowed per client address in one window before 429s. */
  authFailureLimit: number;
  authFailureWindowSeconds: number;
  /** Origins allowed on the /live socket.io endpoint besides the server's own; `*` allows any. */
  allowedOrigins: string[];
  /**
   * Passphrase that encrypts each event's results signing key at rest (PKCS#8, AES-256-CBC,
   * PBKDF2); unset: the keys are stored unencrypted in the database.
   */
  resultsKeySecret: string | undefined;
  /**
   * Worker threads scoring in this process (default: cores - 1, at least 2); 0 only with
   * REDIS_URL, where `podium worker` processes score instead.
   */
  scoringThreads: number;
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
  const values = withoutEmpty(env);
  const parsed = envSchema.safeParse(values);
  const issues = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const mode = parsed.success ? parsed.data.PODIUM_ENV : values.PODIUM_ENV;
  const environment = mode === 'production' || mode === 'development' ? mode : env.NODE_ENV === 'development' || env.NODE_ENV === 'test' ? 'development' : 'production';
  const token = values.PODIUM_ADMIN_TOKEN;
  if (environment === 'production' && token !== undefined && token.length >= DEV_ADMIN_TOKEN_MIN && token.length < ADMIN_TOKEN_MIN) {
    issues.push(
      `PODIUM_ADMIN_TOKEN: must be at least ${ADMIN_TOKEN_MIN} characters outside development (got ${token.length}); use e.g. openssl rand -hex 24, or unset it to have one generated (PODIUM_ENV=development allows ${DEV_ADMIN_TOKEN_MIN})`,
    );
  }
  if (parsed.success && parsed.data.PODIUM_SCORING_THREADS === 0 && !parsed.data.REDIS_URL) {
    issues.push('PODIUM_SCORING_THREADS: 0 (no scoring in this process) needs REDIS_URL, where `podium worker` processes score');
  }
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues);
  const e = parsed.data;
  const publicUrl = (e.PODIUM_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: e.PODIUM_DATA_DIR },
    adminToken: e.PODIUM_ADMIN_TOKEN,
    redisUrl: e.REDIS_URL,
    demo: e.PODIUM_DEMO === 'on',
    publicUrl,
    bundleLimitBytes: Math.round(e.PODIUM_BUNDLE_LIMIT_MB * MIB),
    trustProxy: trustProxyValue(e.PODIUM_TRUST_PROXY),
    liveSubscribesPerMinute: e.PODIUM_LIVE_SUBSCRIBES_PER_MINUTE,
    liveConnectionsPerAddress: e.PODIUM_LIVE_CONNECTIONS_PER_ADDRESS,
    rejectedUploadsPerMinute: e.PODIUM_REJECTED_UPLOADS_PER_MINUTE,
    liveTiming: { coalesceMs: 250, batchMs: 150 },
    env: environment,
    authFailureLimit: e.PODIUM_AUTH_FAILURE_LIMIT,
    authFailureWindowSeconds: e.PODIUM_AUTH_FAILURE_WINDOW_S,
    allowedOrigins: e.PODIUM_ALLOWED_ORIGINS ?? [new URL(publicUrl).origin],
    resultsKeySecret: e.PODIUM_RESULTS_KEY_SECRET,
    // At least two: a large mask zip is split across idle workers (ScoringPool.runSplit).
    scoringThreads: e.PODIUM_SCORING_THREADS ?? Math.max(2, availableParallelism() - 1),
  };
}

function trustProxyValue(text: string | undefined): AppConfig['trustProxy'] {
  if (text === undefined) return undefined;
  if (text === 'true' || text === 'false') return text === 'true';
  return /^\d+$/.test(text) ? Number(text) : text;
}
