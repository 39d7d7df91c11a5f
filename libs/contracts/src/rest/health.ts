/** `GET /api/health`: public, says nothing about the round (a freeze hides activity). */
export interface HealthResponse {
  /** `degraded`: this node serves, but Redis is down (no cross-node fan-out, scoring jobs wait). */
  status: 'ok' | 'degraded';
  /** Which database engine this node runs on. */
  database: 'pglite' | 'postgres';
  version: string;
  /** Seconds since this process started. */
  uptimeSeconds: number;
  /** Which API node answered (host:port), to tell the nodes behind a proxy apart. */
  node: string;
  /** Can take uploads: the database answers. A proxy sends traffic only to ready nodes. */
  ready: boolean;
  checks: { database: DependencyStatus; redis: DependencyStatus | 'absent' };
}

export type DependencyStatus = 'up' | 'down';

/** `GET /api/admin/health`: the same, plus what an operator acts on. */
export interface NodeHealthDetails extends HealthResponse {
  /** Round trip of `SELECT 1`, ms; null when the database is down. */
  databaseLatencyMs: number | null;
  /** Scoring jobs (the whole cluster's with Redis, this process's without); null when Redis is down. */
  queue: { waiting: number; active: number; failed: number } | null;
  /** Age of the oldest acknowledged submission not scored yet, seconds (0: nothing waits); null when the database is down. */
  scoringLagSeconds: number | null;
}
