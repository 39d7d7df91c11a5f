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
