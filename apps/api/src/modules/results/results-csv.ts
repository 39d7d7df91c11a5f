// The signed results as CSV: one table with a `record` column (see RESULTS_CSV_RECORDS in
// @podium/contracts), CRLF line ends, and a last line `# signature Ed25519 <key> <signature>` whose
// signature covers the exact bytes before it - so a verifier needs no CSV canonical form.
import {
  JURY_SPLITS,
  RESULTS_CSV_COLUMNS,
  resultsCsvSignatureLine,
  type ResultsCsvColumn,
  type ResultsCsvRecord,
  type ResultsDocument,
} from '@podium/contracts';
import { csvCell } from '../leaderboard/leaderboard-export.js';
import type { ResultsSigner } from '../events/event-signing-keys.js';

type CsvRow = { record: ResultsCsvRecord } & Partial<Record<Exclude<ResultsCsvColumn, 'record'>, string | number | null>>;

export function resultsCsvBody(document: Omit<ResultsDocument, 'signature'>): string {
  const event = document.event.slug;
  const rows: CsvRow[] = [
    { record: 'results', value: document.format, at: document.generatedAt },
    { record: 'audience', value: document.audience },
    { record: 'audit_head', sha256: document.audit.head, value: document.audit.entries },
  ];
  for (const task of document.tasks) {
    const base = { task: task.slug };
    const sha = new Map(task.submissions.map((s) => [s.id, s.sha256]));
    rows.push({ record: 'task', ...base, value: task.title.en });
    if (task.finalizedAt) rows.push({ record: 'finalized', ...base, at: task.finalizedAt });
    if (task.revealedAt) rows.push({ record: 'revealed', ...base, at: task.revealedAt });
    rows.push({ record: 'answer_key', ...base, sha256: task.answerKey.sha256 });
    if (task.answerKey.masksSha256) rows.push({ record: 'answer_masks', ...base, sha256: task.answerKey.masksSha256 });
    for (const split of JURY_SPLITS) {
      for (const row of task.rows) {
        const submission = row.submissions[split];
        const common = { ...base, split, rank: row.ranks[split], team: row.team.slug, team_name: row.team.name, category: row.team.category, submission, sha256: submission ? (sha.get(submission) ?? null) : null };
        for (const score of task.scores) rows.push({ record: 'score', ...common, score: score.name, value: row.scores[split][score.name] ?? null });
        if (row.points[split] !== null) rows.push({ record: 'points', ...common, value: row.points[split] });
      }
    }
    for (const s of task.submissions) rows.push({ record: 'submission', ...base, team: s.team, submission: s.id, sha256: s.sha256, at: s.receivedAt });
  }
  const lines = [RESULTS_CSV_COLUMNS.join(','), ...rows.map((row) => RESULTS_CSV_COLUMNS.map((c) => csvCell(c === 'event' ? event : row[c])).join(','))];
  return lines.join('\r\n') + '\r\n';
}

/** The CSV with its signature line: the signature covers the UTF-8 bytes of everything before it. */
export function signedResultsCsv(document: Omit<ResultsDocument, 'signature'>, signer: ResultsSigner): string {
  const body = resultsCsvBody(document);
  return body + resultsCsvSignatureLine(signer.publicKey, signer.sign(Buffer.from(body, 'utf8')));
}
