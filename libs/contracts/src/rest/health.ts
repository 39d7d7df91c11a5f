import { z } from 'zod';

const DependencyStatusSchema = z.enum(['up', 'down']);
export type DependencyStatus = z.infer<typeof DependencyStatusSchema>;

/** `GET /api/health`: public, so it says nothing about the round (a freeze hides activity). */
export const HealthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']).describe('`degraded`: this node serves, but Redis is down (no cross-node fan-out, scoring jobs wait).'),
  database: z.enum(['pglite', 'postgres']).describe('Which database engine this node runs on.'),
  version: z.string(),
  uptimeSeconds: z.number().int().describe('Seconds since this process started.'),
  node: z.string().describe('Which API node answered (host:port), to tell the nodes behind a proxy apart.'),
  ready: z.boolean().describe('Can take uploads: the database answers. A proxy sends traffic only to ready nodes (503 otherwise).'),
  checks: z.object({ database: DependencyStatusSchema, redis: z.union([DependencyStatusSchema, z.literal('absent')]) }),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

/** `GET /api/admin/health`: the same, plus what an operator acts on. */
export const NodeHealthDetailsSchema = HealthResponseSchema.extend({
  databaseLatencyMs: z.number().nullable().describe('Round trip of `SELECT 1`, ms; null when the database is down.'),
  queue: z
    .object({ waiting: z.number().int(), active: z.number().int(), failed: z.number().int() })
    .nullable()
    .describe("Scoring jobs: the whole cluster's with Redis, this process's without; null when Redis is down."),
  scoringLagSeconds: z.number().nullable().describe('Age of the oldest acknowledged submission not scored yet (0: nothing waits); null when the database is down.'),
});
export type NodeHealthDetails = z.infer<typeof NodeHealthDetailsSchema>;
