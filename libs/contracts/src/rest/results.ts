// Signed final results (`GET /api/events/:event/results`, issue 14): what the server publishes,
// and the canonical bytes its Ed25519 signature covers, so `podium results verify` (or any
// verifier) checks a file offline. Pure: no crypto here (the screens load this library too).
// The document's shape is a zod schema in `results.schema.ts`.
import type { ResultsDocument } from './results.schema.js';

/** Format id of the JSON document and of the CSV's first record. */
export const RESULTS_FORMAT = 'podium-results/1';
export const RESULTS_SIGNATURE_ALGORITHM = 'Ed25519';

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
