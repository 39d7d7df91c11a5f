// Leaderboard exports: CSV (one row per team, in board order) for organisers' spreadsheets.
import type { LeaderboardRow, VisibleLeaderboard } from '@podium/rules';

const cell = (value: string | number | null | undefined): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs a team name as a formula.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

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
      .map(cell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}
