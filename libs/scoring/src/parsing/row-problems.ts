// Problems of one CSV row, worded the same for answer keys, submissions and detection files.
import type { Problem } from '@podium/contracts';
import type { CsvTable } from './csv-table.js';
import { problemAt } from './problem-list.js';

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
