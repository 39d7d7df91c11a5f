// Leaderboard exports: CSV (one row per team, in board order) for organisers' spreadsheets.
import { StreamableFile } from '@nestjs/common';
import type { LeaderboardRow, VisibleLeaderboard } from '@podium/rules';
import { DomainError } from '../../common/errors/domain-error.js';

/** One CSV field (also the signed results' CSV). */
export const csvCell = (value: string | number | null | undefined): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs a team name as a formula.
  // `#` is quoted too: readers told that `#` starts a comment (the results' signature line) skip it otherwise.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n#]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export type ExportFormat = 'json' | 'csv';

/** `?format=json|csv` wins (anything else: 400); else `Accept: text/csv` without JSON means CSV. */
export function pickFormat(query: string | string[] | undefined, accept: string | undefined): ExportFormat {
  if (Array.isArray(query)) throw new DomainError('invalid-format', 400, 'Bad request', `format is given ${query.length} times; give it once: format=json or format=csv.`);
  if (query !== undefined) {
    if (query === 'json' || query === 'csv') return query;
    throw new DomainError('invalid-format', 400, 'Bad request', `Unknown format "${query}": use format=json or format=csv.`);
  }
  return /\btext\/csv\b/i.test(accept ?? '') && !/\bapplication\/json\b/i.test(accept ?? '') ? 'csv' : 'json';
}

export function leaderboardCsv(board: VisibleLeaderboard, scoreNames: readonly string[]): string {
  const multi = board.rows.some((r: LeaderboardRow) => r.points !== null);
  const header = ['rank', 'team', 'team_name', 'category', ...scoreNames, ...(multi ? ['points'] : []), 'submissions', 'last_submission_at'];
  const lines = board.rows.map((r) =>
    [
      r.rank,
      r.team.slug,
      r.team.name,
      r.team.category,
      ...scoreNames.map((n) => r.scores[n] ?? null),
      ...(multi ? [r.points] : []),
      r.submissions,
      r.lastSubmissionAt,
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

/** The board as a file: CSV (score columns of the first row) or JSON; `download` names the attachment. */
export function leaderboardFile(board: VisibleLeaderboard, format: ExportFormat, download?: string): StreamableFile {
  const names = board.rows[0] ? Object.keys(board.rows[0].scores) : [];
  const body = Buffer.from(format === 'csv' ? leaderboardCsv(board, names) : JSON.stringify(board), 'utf8');
  return new StreamableFile(body, {
    type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    length: body.byteLength,
    ...(download ? { disposition: `attachment; filename="${download}"` } : {}),
  });
}
