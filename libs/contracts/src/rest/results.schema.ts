// Signed final results (`GET /api/events/:event/results`) as zod schemas (types inferred). The
// format constants, the canonical JSON and the CSV layout stay in `results.ts` (no zod there: the
// screens and the CLI's verifier load it).
import { z } from 'zod';
import { LocalizedTextSchema } from '../localized-text.schema.js';
import { ScoreColumnViewSchema, TaskPublicViewSchema, TeamPublicViewSchema } from '../live/event-view.js';
import { JurySplitSchema, SplitScoresSchema } from './jury.schema.js';
import { RESULTS_FORMAT, RESULTS_SIGNATURE_ALGORITHM } from './results.js';

const bySplit = <T extends z.ZodType>(value: T) => z.object({ public: value, private: value, all: value });

/** Who the document was generated for: `public` lists revealed tasks only; `jury` every task. */
export const ResultsAudienceSchema = z.enum(['public', 'jury']);
export type ResultsAudience = z.infer<typeof ResultsAudienceSchema>;

export const ResultsRowSchema = z.object({
  team: TeamPublicViewSchema,
  ranks: bySplit(z.number().int().nullable()).describe('Rank on each split; null when the team has no ranked submission there.'),
  scores: SplitScoresSchema,
  points: bySplit(z.number().nullable()).describe('Multi-score tasks: aggregated points per split; null otherwise.'),
  submissions: bySplit(z.string().nullable()).describe('Id of the submission representing the team on each split (see `submissions` for its sha256).'),
});
export type ResultsRow = z.infer<typeof ResultsRowSchema>;

export const ResultsSubmissionSchema = z.object({
  id: z.string(),
  team: z.string().describe('Team slug.'),
  receivedAt: z.string(),
  sha256: z.string().describe("SHA-256 (hex) of the uploaded file's bytes."),
});
export type ResultsSubmission = z.infer<typeof ResultsSubmissionSchema>;

export const ResultsTaskSchema = z.object({
  slug: z.string(),
  title: LocalizedTextSchema,
  finalSplit: JurySplitSchema.describe('The split of the final ranking (the hidden, private split).'),
  precision: z.number().int(),
  scores: z.array(ScoreColumnViewSchema),
  ranking: TaskPublicViewSchema.shape.ranking,
  finalizedAt: z.string().nullable(),
  revealedAt: z.string().nullable().describe('When the official ceremony revealed its last step; a public document has only revealed tasks.'),
  answerKey: z
    .object({ sha256: z.string(), masksSha256: z.string().nullable() })
    .describe('SHA-256 (hex) of the answer-key CSV as imported, and of the masks archive when the task has one.'),
  rows: z.array(ResultsRowSchema).describe('Every team on the boards (disqualified teams are on none), in final order (private, all, public rank, slug).'),
  submissions: z.array(ResultsSubmissionSchema).describe('Every submission that counts: scored, neither it nor its team disqualified; by id.'),
});
export type ResultsTask = z.infer<typeof ResultsTaskSchema>;

/**
 * `value` is the Ed25519 signature (RFC 8032) over the UTF-8 bytes of the canonical JSON (RFC
 * 8785, see `canonicalJson`) of the document without its `signature` member. Hex, lowercase.
 */
export const ResultsSignatureSchema = z.object({
  algorithm: z.literal(RESULTS_SIGNATURE_ALGORITHM),
  publicKey: z.string().describe("The event's raw 32-byte Ed25519 public key, 64 lowercase hex digits (`resultsPublicKey` of GET /api/events/:event)."),
  value: z.string().describe('Ed25519 signature (RFC 8032) over the UTF-8 bytes of the canonical JSON (RFC 8785) of the document without `signature`; lowercase hex.'),
});
export type ResultsSignature = z.infer<typeof ResultsSignatureSchema>;

/** `GET /api/events/:event/results` (JSON). Served as the canonical JSON of the whole document. */
export const ResultsDocumentSchema = z.object({
  format: z.literal(RESULTS_FORMAT),
  event: z.object({ slug: z.string(), title: LocalizedTextSchema }),
  audience: ResultsAudienceSchema,
  generatedAt: z.string().describe('ISO 8601 instant the server built this document.'),
  audit: z
    .object({ head: z.string().nullable(), entries: z.number().int() })
    .describe("The event's audit hash chain when the document was built (checked intact first)."),
  tasks: z.array(ResultsTaskSchema),
  signature: ResultsSignatureSchema,
});
export type ResultsDocument = z.infer<typeof ResultsDocumentSchema>;
