// Offline check of a signed results file (GET /api/events/:event/results), JSON or CSV: the
// Ed25519 signature, that the bytes are exactly the published ones, and every hash's format.
//   JSON: the file must be the canonical JSON (RFC 8785) of the document - so no byte can change
//         unnoticed, not even whitespace - and `signature.value` must sign the canonical JSON of
//         the document without `signature`.
//   CSV:  the last line `# signature Ed25519 <key> <sig>` must sign the exact bytes before it.
import {
  canonicalJson,
  ED25519_PUBLIC_KEY_HEX,
  ED25519_SIGNATURE_HEX,
  RESULTS_CSV_COLUMNS,
  RESULTS_CSV_RECORDS,
  RESULTS_CSV_SIGNATURE_LINE,
  RESULTS_FORMAT,
  RESULTS_SIGNATURE_ALGORITHM,
  resultsSignedText,
  type ResultsDocument,
  SHA256_HEX,
} from '@podium/contracts';
import { parse } from 'csv-parse/sync';
import { createPublicKey, verify } from 'node:crypto';

/** A hash the file lists, and what it is the hash of (for `--files`). */
export interface ListedHash {
  sha256: string;
  what: string;
}

export interface VerifiedResults {
  format: 'json' | 'csv';
  event: string;
  audience: string;
  generatedAt: string;
  publicKey: string;
  auditHead: string | null;
  tasks: string[];
  hashes: ListedHash[];
}

export class ResultsInvalid extends Error {}

const fail = (message: string): never => {
  throw new ResultsInvalid(message);
};

/** Checks one file's bytes; throws ResultsInvalid naming the first thing that does not hold. */
export function verifyResults(bytes: Uint8Array, trustedKey?: string): VerifiedResults {
  let text: string;
  try {
    // Fatal: a byte sequence that is not UTF-8 is a change; ignoreBOM keeps a BOM in the text (then refused).
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return fail('the file is not valid UTF-8');
  }
  const verified = text.startsWith('{') ? verifyJson(text) : text.startsWith(`${RESULTS_CSV_COLUMNS[0]},`) ? verifyCsv(text) : fail('neither a results JSON document (starts with "{") nor a results CSV (starts with the header "record,...")');
  if (trustedKey !== undefined && verified.publicKey !== trustedKey.toLowerCase()) {
    fail(`the signature holds, but the signing key ${verified.publicKey} is not the key you trust (${trustedKey.toLowerCase()})`);
  }
  return verified;
}

function verifySignature(publicKey: string, signature: string, signed: Uint8Array): void {
  let key;
  try {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey, 'hex').toString('base64url') }, format: 'jwk' });
  } catch {
    return fail(`the public key ${publicKey} is not an Ed25519 key`);
  }
  if (!verify(null, signed, key, Buffer.from(signature, 'hex'))) fail(`the Ed25519 signature does not match the content: the file was changed after it was signed, or signed by another key than ${publicKey}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function hashAt(value: unknown, where: string, nullable = false): string | null {
  if (value === null && nullable) return null;
  if (typeof value !== 'string' || !SHA256_HEX.test(value)) fail(`${where} is not a sha256 (64 lowercase hex digits): ${JSON.stringify(value)}`);
  return value as string;
}

function verifyJson(text: string): VerifiedResults {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message})`);
  }
  const canonical = canonicalJson(parsed);
  if (canonical !== text) {
    let at = 0;
    while (at < text.length && text[at] === canonical[at]) at++;
    fail(`not the published bytes: a results JSON file is the canonical JSON (RFC 8785) of its document, and this one differs from it at character ${at + 1}`);
  }
  if (!isObject(parsed) || parsed['format'] !== RESULTS_FORMAT) return fail(`not a ${RESULTS_FORMAT} document (member "format")`);
  const signature = parsed['signature'];
  if (!isObject(signature) || Object.keys(signature).sort().join(',') !== 'algorithm,publicKey,value') fail('"signature" must hold exactly algorithm, publicKey and value');
  const { algorithm, publicKey, value } = signature as Record<string, unknown>;
  if (algorithm !== RESULTS_SIGNATURE_ALGORITHM) fail(`signature.algorithm must be ${RESULTS_SIGNATURE_ALGORITHM}, found ${JSON.stringify(algorithm)}`);
  if (typeof publicKey !== 'string' || !ED25519_PUBLIC_KEY_HEX.test(publicKey)) fail('signature.publicKey must be 64 lowercase hex digits');
  if (typeof value !== 'string' || !ED25519_SIGNATURE_HEX.test(value)) fail('signature.value must be 128 lowercase hex digits');
  const document = parsed as unknown as ResultsDocument;
  verifySignature(publicKey as string, value as string, Buffer.from(resultsSignedText(document), 'utf8'));

  // Signed, so written by the server: still check every hash's format and that rows point at listed submissions.
  const hashes: ListedHash[] = [];
  const auditHead = isObject(document.audit) ? hashAt(document.audit.head, 'audit.head', true) : fail('"audit" is missing');
  if (!Array.isArray(document.tasks)) fail('"tasks" is not a list');
  for (const [i, task] of document.tasks.entries()) {
    const at = `tasks[${i}] (${String(task?.slug)})`;
    if (!isObject(task) || !isObject(task.answerKey) || !Array.isArray(task.submissions) || !Array.isArray(task.rows)) return fail(`${at} lacks answerKey, rows or submissions`);
    hashes.push({ sha256: hashAt(task.answerKey.sha256, `${at}.answerKey.sha256`)!, what: `the answer key of task "${task.slug}"` });
    const masks = hashAt(task.answerKey.masksSha256, `${at}.answerKey.masksSha256`, true);
    if (masks) hashes.push({ sha256: masks, what: `the answer masks of task "${task.slug}"` });
    const listed = new Set<string>();
    for (const [j, s] of task.submissions.entries()) {
      hashes.push({ sha256: hashAt(s?.sha256, `${at}.submissions[${j}].sha256`)!, what: `submission ${s.id} of team "${s.team}" (task "${task.slug}")` });
      listed.add(s.id);
    }
    for (const row of task.rows) {
      for (const [split, id] of Object.entries(row.submissions ?? {})) {
        if (id !== null && !listed.has(id)) fail(`${at}: team "${row.team?.slug}" is represented on the ${split} split by submission ${id}, which the submissions list does not hold`);
      }
    }
  }
  return {
    format: 'json',
    event: document.event?.slug,
    audience: document.audience,
    generatedAt: document.generatedAt,
    publicKey: publicKey as string,
    auditHead,
    tasks: document.tasks.map((t) => t.slug),
    hashes,
  };
}

type CsvRecord = Record<(typeof RESULTS_CSV_COLUMNS)[number], string>;

function verifyCsv(text: string): VerifiedResults {
  if (!text.endsWith('\r\n')) fail('a results CSV ends with its signature line and CRLF');
  const start = text.lastIndexOf('\r\n', text.length - 3) + 2;
  const line = RESULTS_CSV_SIGNATURE_LINE.exec(text.slice(start));
  if (start < 2 || !line) return fail('the last line is not "# signature Ed25519 <64 hex digits> <128 hex digits>" followed by CRLF');
  const [, publicKey, signature] = line as unknown as [string, string, string];
  const body = text.slice(0, start);
  verifySignature(publicKey, signature, Buffer.from(body, 'utf8'));

  let records: CsvRecord[];
  try {
    records = parse(body, { columns: (header: string[]) => (header.join(',') === RESULTS_CSV_COLUMNS.join(',') ? header : fail(`the header is not ${RESULTS_CSV_COLUMNS.join(',')}`)), relax_column_count: false }) as CsvRecord[];
  } catch (error) {
    return fail(error instanceof ResultsInvalid ? error.message : `not valid CSV (${(error as Error).message})`);
  }
  const first = records[0];
  if (first?.record !== 'results' || first.value !== RESULTS_FORMAT) fail(`the first record is not "results" with value ${RESULTS_FORMAT}`);
  const hashes: ListedHash[] = [];
  const bySubmission = new Map<string, string>();
  let auditHead: string | null | undefined;
  let audience = '';
  const tasks: string[] = [];
  for (const [i, r] of records.entries()) {
    const where = `line ${i + 2} (${r.record})`;
    if (!(RESULTS_CSV_RECORDS as readonly string[]).includes(r.record)) fail(`${where}: unknown record kind`);
    if (r.event !== first!.event) fail(`${where}: event "${r.event}" differs from "${first!.event}"`);
    if (r.record === 'audience') audience = r.value;
    if (r.record === 'audit_head') auditHead = r.sha256 === '' ? null : hashAt(r.sha256, `${where} sha256`);
    if (r.record === 'task') tasks.push(r.task);
    if (r.record === 'answer_key' || r.record === 'answer_masks') hashes.push({ sha256: hashAt(r.sha256, `${where} sha256`)!, what: `the ${r.record === 'answer_key' ? 'answer key' : 'answer masks'} of task "${r.task}"` });
    if (r.record === 'submission') {
      const sha = hashAt(r.sha256, `${where} sha256`)!;
      hashes.push({ sha256: sha, what: `submission ${r.submission} of team "${r.team}" (task "${r.task}")` });
      bySubmission.set(`${r.task}/${r.submission}`, sha);
    }
  }
  if (auditHead === undefined) fail('no audit_head record');
  for (const [i, r] of records.entries()) {
    if ((r.record === 'score' || r.record === 'points') && r.submission !== '') {
      const sha = hashAt(r.sha256, `line ${i + 2} (${r.record}) sha256`);
      if (bySubmission.get(`${r.task}/${r.submission}`) !== sha) fail(`line ${i + 2}: submission ${r.submission} of task "${r.task}" is not listed with sha256 ${sha}`);
    }
  }
  return { format: 'csv', event: first!.event, audience, generatedAt: first!.at, publicKey, auditHead: auditHead ?? null, tasks, hashes };
}
