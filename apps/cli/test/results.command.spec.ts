// `podium results verify` in-process, on results files signed here the way the server signs them
// (the API test runs the real entry point on files the server published): every single byte
// flipped is refused, in the JSON and in the CSV; a wrong --public-key is refused; usage errors.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, RESULTS_CSV_COLUMNS, resultsCsvSignatureLine, resultsSignedText, type ResultsDocument } from '@podium/contracts';
import { ResultsInvalid, verifyResults } from '../src/results-verify.js';
import { runCliInProcess } from './support/cli-fixtures.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A key pair and its raw public key in hex, as the event view gives it. */
function eventKey() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const hex = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
  return { hex, sign: (bytes: Uint8Array) => sign(null, bytes, privateKey).toString('hex') };
}

/** A one-task results document, as GET /api/events/:event/results serves it (canonical JSON). */
function signedJson(key: ReturnType<typeof eventKey>): string {
  const content: Omit<ResultsDocument, 'signature'> = {
    format: 'podium-results/1',
    event: { slug: 'jfr', title: { en: 'JFR', fr: 'JFR' } },
    audience: 'public',
    generatedAt: '2026-03-15T09:00:00.000Z',
    audit: { head: sha('head'), entries: 12 },
    tasks: [
      {
        slug: 'lung',
        title: { en: 'Lung', fr: 'Poumon' },
        finalSplit: 'private',
        precision: 3,
        scores: [{ name: 'auc', better: 'max' }],
        ranking: 'single',
        finalizedAt: '2026-03-15T08:00:00.000Z',
        revealedAt: '2026-03-15T08:30:00.000Z',
        answerKey: { sha256: sha('key'), masksSha256: null },
        rows: [
          { team: { slug: 'a', name: 'Alpha', category: null }, ranks: { public: 2, private: 1, all: 1 }, scores: { public: { auc: 0.81 }, private: { auc: 0.9 }, all: { auc: 0.85 } }, points: { public: null, private: null, all: null }, submissions: { public: '1', private: '1', all: '1' } },
          { team: { slug: 'b', name: 'Beta #2', category: 'student' }, ranks: { public: 1, private: 2, all: 2 }, scores: { public: { auc: 0.83 }, private: { auc: 0.7 }, all: { auc: 0.77 } }, points: { public: null, private: null, all: null }, submissions: { public: '2', private: '2', all: '2' } },
        ],
        submissions: [
          { id: '1', team: 'a', receivedAt: '2026-03-14T10:00:00.000Z', sha256: sha('one') },
          { id: '2', team: 'b', receivedAt: '2026-03-14T10:05:00.000Z', sha256: sha('two') },
        ],
      },
    ],
  };
  return canonicalJson({ ...content, signature: { algorithm: 'Ed25519', publicKey: key.hex, value: key.sign(Buffer.from(resultsSignedText(content), 'utf8')) } });
}

/** The matching CSV: the record table, then the signature line over the bytes before it. */
function signedCsv(key: ReturnType<typeof eventKey>): string {
  const rows = [
    RESULTS_CSV_COLUMNS.join(','),
    'results,jfr,,,,,,,,podium-results/1,,,2026-03-15T09:00:00.000Z',
    'audience,jfr,,,,,,,,public,,,',
    `audit_head,jfr,,,,,,,,12,,${sha('head')},`,
    'task,jfr,lung,,,,,,,Lung,,,',
    `answer_key,jfr,lung,,,,,,,,,${sha('key')},`,
    `score,jfr,lung,private,1,a,Alpha,,auc,0.9,1,${sha('one')},`,
    `score,jfr,lung,private,2,b,"Beta #2",student,auc,0.7,2,${sha('two')},`,
    `submission,jfr,lung,,,a,,,,,1,${sha('one')},2026-03-14T10:00:00.000Z`,
    `submission,jfr,lung,,,b,,,,,2,${sha('two')},2026-03-14T10:05:00.000Z`,
  ];
  const body = rows.join('\r\n') + '\r\n';
  return body + resultsCsvSignatureLine(key.hex, key.sign(Buffer.from(body, 'utf8')));
}

const key = eventKey();
const json = signedJson(key);
const csv = signedCsv(key);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podium-results-cli-'));
  await writeFile(join(dir, 'results.json'), json);
  await writeFile(join(dir, 'results.csv'), csv);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('results verify', () => {
  it('accepts the signed JSON and CSV, against the trusted key too', async () => {
    const run = await runCliInProcess(['results', 'verify', 'results.json', 'results.csv', '--public-key', key.hex.toUpperCase()], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('results.json: valid JSON results of event "jfr" (public), generated 2026-03-15T09:00:00.000Z');
    expect(run.stdout).toContain('results.csv: valid CSV results of event "jfr" (public)');
    expect(run.stdout).toContain(`1 task (lung), 3 sha256 listed, audit chain head ${sha('head')}`);
    expect(run.code).toBe(0);
  });

  it('refuses every single flipped byte of the JSON and of the CSV', () => {
    for (const text of [json, csv]) {
      const bytes = Buffer.from(text, 'utf8');
      for (let i = 0; i < bytes.length; i++) {
        for (const mask of [0x01, 0x20]) {
          const changed = Buffer.from(bytes);
          changed[i] = changed[i]! ^ mask;
          expect(() => verifyResults(changed), `byte ${i} ^ ${mask}`).toThrow(ResultsInvalid);
        }
      }
    }
  });

  it('refuses added, removed and reformatted bytes with a precise reason', () => {
    const reason = (text: string) => {
      try {
        verifyResults(Buffer.from(text, 'utf8'));
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(reason(`${json}\n`)).toContain('not the published bytes');
    expect(reason(JSON.stringify(JSON.parse(json), null, 2))).toContain('not the published bytes');
    expect(reason(json.replace('"publicKey":"', '"note":"x","publicKey":"'))).toContain('"signature" must hold exactly algorithm, publicKey and value');
    expect(reason(json.replace('0.9', '0.95'))).toContain('the Ed25519 signature does not match the content');
    expect(reason(`\uFEFF${json}`)).toContain('neither a results JSON document');
    expect(reason(csv.replace('\r\n# signature', '\r\nscore,jfr,lung,all,1,a,Alpha,,auc,1,1,,\r\n# signature'))).toContain('signature does not match');
    expect(reason(csv.slice(0, csv.lastIndexOf('# signature')))).toContain('the last line is not "# signature Ed25519');
    expect(reason(`${csv}\r\n`)).toContain('the last line is not');
  });

  it('refuses a file signed by another key than the one given, and says so', async () => {
    const other = eventKey();
    const run = await runCliInProcess(['results', 'verify', 'results.json', '--public-key', other.hex], { cwd: dir });
    expect(run.stderr).toBe(`results.json: INVALID: the signature holds, but the signing key ${key.hex} is not the key you trust (${other.hex}).`);
    expect(run.code).toBe(1);
    // Re-signed by someone else: valid on its own, refused against the event's key.
    await writeFile(join(dir, 'forged.json'), signedJson(other));
    expect((await runCliInProcess(['results', 'verify', 'forged.json'], { cwd: dir })).code).toBe(0);
    expect((await runCliInProcess(['results', 'verify', 'forged.json', '--public-key', key.hex], { cwd: dir })).code).toBe(1);
  });

  it('answers wrong usage with exit 2', async () => {
    expect((await runCliInProcess(['results'], { cwd: dir })).stderr).toContain('Expected the subcommand "verify", got none.');
    expect((await runCliInProcess(['results', 'verify'], { cwd: dir })).code).toBe(2);
    expect((await runCliInProcess(['results', 'verify', 'results.json', '--public-key', 'abc'], { cwd: dir })).stderr).toContain('--public-key must be 64 hex digits');
    const missing = await runCliInProcess(['results', 'verify', 'nope.json'], { cwd: dir });
    expect(missing).toMatchObject({ code: 2, stderr: 'nope.json: cannot read it (ENOENT).' });
  });
});
