// Signed final results (`GET /api/events/:event/results`, issue 14): what the server publishes,
// and the canonical bytes its Ed25519 signature covers, so `podium results verify` (or any
// verifier) checks a file offline. Pure: no crypto here (the screens load this library too).
import type { LocalizedText } from '../localized-text.js';
import type { ScoreColumnView, TeamPublicView } from '../live/event-view.js';
import type { JurySplit, SplitScores } from './jury.js';

/** Format id of the JSON document and of the CSV's first record. */
export const RESULTS_FORMAT = 'podium-results/1';
export const RESULTS_SIGNATURE_ALGORITHM = 'Ed25519';

/** Who the document was generated for: `public` lists revealed tasks only; `jury` every task. */
export type ResultsAudience = 'public' | 'jury';

/** `GET /api/events/:event/results` (JSON). Served as the canonical JSON of the whole document. */
export interface ResultsDocument {
  format: typeof RESULTS_FORMAT;
  event: { slug: string; title: LocalizedText };
  audience: ResultsAudience;
  /** ISO 8601 instant the server built this document. */
  generatedAt: string;
  /** The event's audit hash chain when the document was built (checked intact first). */
  audit: { head: string | null; entries: number };
  tasks: ResultsTask[];
  signature: ResultsSignature;
}

export interface ResultsTask {
  slug: string;
  title: LocalizedText;
  /** The split of the final ranking (the hidden, private split). */
  finalSplit: JurySplit;
  precision: number;
  scores: ScoreColumnView[];
  ranking: 'single' | 'rank_sum' | 'mean_rank';
  finalizedAt: string | null;
  /** When the official ceremony revealed its last step; a public document has only revealed tasks. */
  revealedAt: string | null;
  /** SHA-256 (hex) of the answer-key CSV as imported, and of the masks archive when the task has one. */
  answerKey: { sha256: string; masksSha256: string | null };
  /** Every team on the boards (disqualified teams are on none), in final order (private, all, public rank, slug). */
  rows: ResultsRow[];
  /** Every submission that counts: scored, neither it nor its team disqualified; by id. */
  submissions: ResultsSubmission[];
}

export interface ResultsRow {
  team: TeamPublicView;
  /** Rank on each split; null when the team has no ranked submission there. */
  ranks: Record<JurySplit, number | null>;
  scores: SplitScores;
  /** Multi-score tasks: aggregated points per split; null otherwise. */
  points: Record<JurySplit, number | null>;
  /** Id of the submission representing the team on each split (see `submissions` for its sha256). */
  submissions: Record<JurySplit, string | null>;
}

export interface ResultsSubmission {
  id: string;
  /** Team slug. */
  team: string;
  receivedAt: string;
  /** SHA-256 (hex) of the uploaded file's bytes. */
  sha256: string;
}

/**
 * `value` is the Ed25519 signature (RFC 8032) over the UTF-8 bytes of the canonical JSON (RFC
 * 8785, see `canonicalJson`) of the document without its `signature` member. Hex, lowercase.
 */
export interface ResultsSignature {
  algorithm: typeof RESULTS_SIGNATURE_ALGORITHM;
  /** The event's raw 32-byte Ed25519 public key, 64 lowercase hex digits (`resultsPublicKey` of GET /api/events/:event). */
  publicKey: string;
  value: string;
}

export const resultsPath = (event: string): string => `/api/events/${encodeURIComponent(event)}/results`;

export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const ED25519_PUBLIC_KEY_HEX = /^[0-9a-f]{64}$/;
export const ED25519_SIGNATURE_HEX = /^[0-9a-f]{128}$/;

/**
 * JSON Canonicalization Scheme (RFC 8785) for the values Podium signs and hashes: object members
 * sorted by UTF-16 code units, no whitespace, numbers and strings as ECMAScript serialises them.
 * Members whose value is undefined are left out (they are not JSON).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The text the JSON document's signature covers: the canonical JSON of everything but `signature`. */
export function resultsSignedText(document: Omit<ResultsDocument, 'signature'> | ResultsDocument): string {
  const { signature: _signature, ...content } = document as ResultsDocument;
  return canonicalJson(content);
}

// ---------------------------------------------------------------------------------------------
// CSV: one table with a `record` column (what the row is), RFC 4180, CRLF line ends; the last
// line is the signature over the exact bytes before it.

export const RESULTS_CSV_COLUMNS = ['record', 'event', 'task', 'split', 'rank', 'team', 'team_name', 'category', 'score', 'value', 'submission', 'sha256', 'at'] as const;
export type ResultsCsvColumn = (typeof RESULTS_CSV_COLUMNS)[number];

/**
 * `record` values, in the order rows appear:
 * - `results`: value = format id, at = generatedAt; `audience`: value = public | jury;
 * - `audit_head`: sha256 = chain head (empty for an empty chain), value = entries;
 * - per task: `task` (value = title, en), `finalized` / `revealed` (at; only when set),
 *   `answer_key` / `answer_masks` (sha256), then `score` rows (split, rank, team, score name,
 *   value, representing submission and its sha256) and `points` rows (multi-score tasks),
 *   then `submission` rows (every submission that counts: id, team, sha256, at = received).
 */
export const RESULTS_CSV_RECORDS = ['results', 'audience', 'audit_head', 'task', 'finalized', 'revealed', 'answer_key', 'answer_masks', 'score', 'points', 'submission'] as const;
export type ResultsCsvRecord = (typeof RESULTS_CSV_RECORDS)[number];

/** Last line of a results CSV: `# signature Ed25519 <public key hex> <signature hex>` then CRLF. */
export const RESULTS_CSV_SIGNATURE_PREFIX = '# signature Ed25519 ';
export const RESULTS_CSV_SIGNATURE_LINE = /^# signature Ed25519 ([0-9a-f]{64}) ([0-9a-f]{128})\r\n$/;

export function resultsCsvSignatureLine(publicKey: string, signature: string): string {
  return `${RESULTS_CSV_SIGNATURE_PREFIX}${publicKey} ${signature}\r\n`;
}
