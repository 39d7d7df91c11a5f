import type { Problem } from '@podium/contracts';

/** One problem per line, numbered, so an organiser can work down the list. */
export function formatProblems(problems: readonly Problem[]): string {
  const width = String(problems.length).length;
  return problems.map((p, i) => `  ${String(i + 1).padStart(width)}. ${p.message}${p.code ? `  [${p.code}]` : ''}`).join('\n');
}

export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => `  ${cells.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()}`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `2019-10-13 13:00` in `timeZone`: how the organiser reads their schedule, whatever offset they wrote. */
export function formatLocalTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
