// Problems of one CSV row, worded the same for answer keys, submissions and detection files.
// Also the start of every answer-key row (field count, id, split), table or detection.
import type { Problem } from '@podium/contracts';
import type { Split } from '../types.js';
import type { CsvTable } from './csv-table.js';
import { problemAt, type ProblemList } from './problem-list.js';

/** A row whose field count differs from the header's; team files get the usual cause as a hint. */
export function fieldCountProblem(table: CsvTable, r: number, file: string, options: { caseId?: string; team?: boolean } = {}): Problem {
  const found = table.fieldCount(r);
  const width = table.header.length;
  const hint = options.team ? '; a decimal comma needs ";" as separator or quotes.' : '.';
  return problemAt({ file, line: table.line(r), ...(options.caseId !== undefined ? { caseId: options.caseId } : {}) }, 'csv.wrong_field_count', `has ${found} fields but the header has ${width}${hint}`, {
    expected: String(width),
    found: String(found),
  });
}

/** An id cell that names no case: empty, or unknown to the answer key (`what`: case, scan). */
export function idProblem(file: string, line: number, column: string, raw: string, what = 'case'): Problem {
  if (raw === '') return problemAt({ file, line, column }, 'csv.empty_id', `the ${what} id is empty.`);
  return problemAt({ file, line, column, caseId: raw }, 'csv.unknown_id', `id "${raw}" is not a ${what} of this task.`, { found: raw });
}

const NUMBER_PROBLEMS = {
  empty: ['csv.empty_cell', 'is empty; a value is required.'],
  nan: ['csv.nan', 'is NaN; give a number.'],
  infinite: ['csv.infinite', 'is infinite or too large for a number; give a finite value.'],
  not_a_number: ['csv.not_a_number', 'is not a number (use digits with "." or a decimal comma, e.g. 0.8 or 0,8).'],
} as const;

/** One problem per bad numeric cell, same codes for answer keys and submissions. */
export function numberProblem(file: string, line: number, column: string, caseId: string, cell: string, reason: keyof typeof NUMBER_PROBLEMS): Problem {
  const [code, what] = NUMBER_PROBLEMS[reason];
  return problemAt({ file, line, column, caseId }, code, `value "${cell.trim()}" ${what}`, { expected: 'a finite number', found: cell.trim() });
}

/** An answer-key row's id and split, or undefined after reporting why the row is unusable. */
export function readKeyRow(table: CsvTable, r: number, file: string, columns: { id: number; split: number }, problems: ProblemList, what = 'case'): { id: string; split: Split; rawSplit: string } | undefined {
  if (table.fieldCount(r) !== table.header.length) {
    problems.add(fieldCountProblem(table, r, file));
    return undefined;
  }
  const line = table.line(r);
  const id = table.cell(r, columns.id).trim();
  if (id === '') {
    problems.add(idProblem(file, line, 'id', '', what));
    return undefined;
  }
  const rawSplit = table.cell(r, columns.split).trim();
  const split = rawSplit.toLowerCase();
  if (split !== 'public' && split !== 'private') {
    problems.add(problemAt({ file, line, column: 'split', caseId: id }, 'key.bad_split', `split is "${rawSplit}"; it must be public or private.`, { expected: 'public | private', found: rawSplit }));
    return undefined;
  }
  return { id, split, rawSplit };
}
