import { z } from 'zod';

/**
 * A problem found in input, reported as data so a team or an organiser can fix it in minutes:
 * what (code + message), where (file, line, column, case id, manifest path), expected vs found.
 */
export const ProblemSchema = z
  .object({
    code: z.string().describe('Stable machine code, e.g. `csv.duplicate_id`, `nifti.wrong_dimensions`, `zip.too_many_entries`.'),
    message: z.string().describe('One human sentence: what is wrong, where, how to fix it.'),
    file: z.string().optional(),
    line: z.number().int().optional().describe('1-based line in a text file (header = line 1).'),
    column: z.union([z.string(), z.number()]).optional().describe('Column name (or 1-based index when there is no header).'),
    caseId: z.string().optional(),
    expected: z.string().optional(),
    found: z.string().optional(),
    path: z.string().optional().describe('For manifest problems: the path inside event.yaml, e.g. `tasks[1].scores[0].metric`.'),
  })
  .describe('A problem found in input: what, where, expected vs found.');
export type Problem = z.infer<typeof ProblemSchema>;

/** RFC 9457 `application/problem+json` body, as every API error is answered. */
export const ProblemDetailsSchema = z
  .object({
    type: z.string().describe('Stable URI-like identifier, e.g. `/problems/invalid-bundle`.'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    problems: z.array(ProblemSchema).optional().describe('Every structured problem found (up to a cap), for invalid content.'),
  })
  .describe('RFC 9457 application/problem+json body, as every API error is answered.');
export type ProblemDetails = z.infer<typeof ProblemDetailsSchema>;
