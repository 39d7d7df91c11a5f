/** `GET /api/health`. */
export interface HealthResponse {
  status: 'ok';
  /** Which database engine this node runs on. */
  database: 'pglite' | 'postgres';
  version: string;
  /** Seconds since this process started. */
  uptimeSeconds: number;
}
