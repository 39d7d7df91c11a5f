import { z } from 'zod';

/** `GET /api/health`. */
export const HealthResponseSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']).describe('Which database engine this node runs on.'),
  version: z.string(),
  uptimeSeconds: z.number().int().describe('Seconds since this process started.'),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
