import type { Problem } from '@podium/contracts';
import { columnKey, type CsvTable } from './csv-table.js';
import { problemAt } from './problem-list.js';

export interface ResolvedColumns {
  /** Wanted column name -> index in the table. */
  index: Map<string, number>;
  /** Header names that were not asked for (in file order). */
  extra: { name: string; index: number }[];
  problems: Problem[];
}

/** Finds wanted columns in the header (case- and space-insensitive); reports missing/duplicate ones. */
export function resolveColumns(table: CsvTable, file: string, wanted: string[], allowExtra: boolean): ResolvedColumns {
  const problems: Problem[] = [];
  const byKey = new Map<string, number>();
  table.header.forEach((name, i) => {
    const key = columnKey(name);
    if (byKey.has(key)) {
      problems.push(problemAt({ file, line: 1, column: name || i + 1 }, 'csv.duplicate_column', `the header names column "${name}" twice; keep one.`, { found: name }));
    } else byKey.set(key, i);
  });
  const index = new Map<string, number>();
  const wantedKeys = new Set(wanted.map(columnKey));
  for (const name of wanted) {
    const at = byKey.get(columnKey(name));
    if (at === undefined) {
      problems.push(
        problemAt({ file, line: 1, column: name }, 'csv.missing_column', `the header has no column "${name}" (found: ${table.header.map((h) => `"${h}"`).join(', ')}).`, {
          expected: wanted.join(', '),
          found: table.header.join(', '),
        }),
      );
    } else index.set(name, at);
  }
  const extra = table.header.map((name, i) => ({ name, index: i })).filter((c) => !wantedKeys.has(columnKey(c.name)));
  if (!allowExtra) {
    for (const c of extra) {
      problems.push(
        problemAt({ file, line: 1, column: c.name || c.index + 1 }, 'csv.unexpected_column', `column "${c.name}" is not part of this task; the columns are ${wanted.join(', ')}.`, {
          expected: wanted.join(', '),
          found: c.name,
        }),
      );
    }
  }
  return { index, extra, problems };
}
