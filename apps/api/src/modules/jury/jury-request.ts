// Bodies of the jury actions, validated once at the edge: every problem listed, located.
import type { Problem } from '@podium/contracts';
import { z } from 'zod';
import { DomainError } from '../../common/errors/domain-error.js';

const reason = z.string().trim().min(1, 'reason must say why (1-1000 characters)').max(1000);

const schemas = {
  reason: z.strictObject({ reason }),
  rescore: z.strictObject({ reason, preview: z.boolean().optional(), submission: z.string().regex(/^\d{1,9}$/, 'submission must be a submission id').optional() }),
  flag: z.strictObject({ submission: z.string().regex(/^\d{1,9}$/, 'submission must be a submission id'), note: z.string().trim().min(1).max(1000) }),
  revoke: z.strictObject({ reason: reason.optional() }),
  verify: z.strictObject({ note: z.string().trim().min(1).max(1000).optional() }),
  ceremony: z.strictObject({
    tasks: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'each task must be a task slug'))
      .min(1, 'tasks must name at least one finalized task')
      .max(100)
      .refine((tasks) => new Set(tasks).size === tasks.length, 'tasks must not name a task twice'),
    rehearsal: z.boolean().optional(),
  }),
  empty: z.strictObject({}),
} as const;

const EXPECTED: Record<keyof typeof schemas, string> = {
  reason: '{ reason }',
  rescore: '{ reason, preview?: boolean, submission?: id }',
  flag: '{ submission: id, note }',
  revoke: '{ reason? }',
  verify: '{ note? } (or no body)',
  ceremony: '{ tasks: [task slug, ...], rehearsal?: boolean }',
  empty: 'no body (or {})',
};

export type JuryBody<K extends keyof typeof schemas> = z.infer<(typeof schemas)[K]>;

export function parseJuryBody<K extends keyof typeof schemas>(kind: K, body: unknown): JuryBody<K> {
  const parsed = schemas[kind].safeParse(body ?? {});
  if (parsed.success) return parsed.data as JuryBody<K>;
  const problems: Problem[] = parsed.error.issues.map((issue) => {
    const path = issue.code === 'unrecognized_keys' ? issue.keys.join(',') : issue.path.join('.');
    return {
      code: `jury.${issue.code === 'unrecognized_keys' ? 'unknown_field' : (issue.path[0]?.toString() ?? 'body')}`,
      message: `${issue.message}. Expected ${EXPECTED[kind]}.`,
      ...(path ? { path } : {}),
    };
  });
  throw new DomainError('invalid-request', 422, 'Invalid request body', `Nothing was done; send ${EXPECTED[kind]} and fix every problem listed.`, problems);
}

export const conflict = (detail: string) => new DomainError('conflict', 409, 'Conflict', detail);
