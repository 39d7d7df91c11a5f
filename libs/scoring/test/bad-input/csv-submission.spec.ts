import { describe, expect, it } from 'vitest';
import { parseSubmission } from '../../src/parsing/index.js';
import { buildKey, csvBytes, garbage, LUNG_IDS, LUNG_SPEC, lungRows, textBytes, zipBytes } from '../builders.js';
import { expectProblem, expectSingleProblem } from '../expect-problem.js';
import type { SubmissionSpec } from '../../src/types.js';

const key = buildKey();
const submit = (bytes: Uint8Array, spec: SubmissionSpec = LUNG_SPEC, fileName = 'lung.csv') => parseSubmission({ bytes, fileName }, spec, key);
const rowsWith = (line: number, cells: (string | number)[]) => {
  const rows = lungRows();
  rows[line - 1] = cells;
  return rows;
};

describe('bad CSV submissions: refused with the exact problem and location, never a throw', () => {
  it('empty file', () => expectSingleProblem(submit(new Uint8Array(0)), { code: 'csv.empty', file: 'lung.csv' }));
  it('header only', () => expectSingleProblem(submit(csvBytes([['id', 'probability']])), { code: 'csv.no_rows', file: 'lung.csv' }));
  it('binary garbage', () => expectSingleProblem(submit(garbage(2000)), { code: 'csv.binary', file: 'lung.csv' }));
  it('NUL bytes in text', () => expectSingleProblem(submit(textBytes('id,probability\nPoumon1,0.1\0\n')), { code: 'csv.binary' }));
  it('header mixing "," and ";"', () =>
    expectSingleProblem(submit(textBytes('id;probability,x\nPoumon1;0.1\n')), { code: 'csv.ambiguous_separator', file: 'lung.csv', line: 1 }));
  it('header without separator', () => expectSingleProblem(submit(textBytes('id probability\nPoumon1 0.1\n')), { code: 'csv.no_separator', line: 1 }));
  it('misnamed prediction column: missing one and unexpected one', () => {
    const result = submit(csvBytes([['id', 'prob'], ['Poumon1', 0.1]]));
    expect(result.problems).toHaveLength(2);
    expectProblem(result, { code: 'csv.missing_column', line: 1, column: 'probability', found: 'id, prob' });
    expectProblem(result, { code: 'csv.unexpected_column', line: 1, column: 'prob' });
  });
  it('extra column', () => {
    const rows = lungRows().map((r, i) => [...r, i === 0 ? 'comment' : 'x']);
    expectSingleProblem(submit(csvBytes(rows)), { code: 'csv.unexpected_column', line: 1, column: 'comment' });
  });
  it('duplicate column (case-insensitive)', () => {
    const rows = lungRows().map((r, i) => [...r, i === 0 ? 'Probability' : 0.5]);
    expectSingleProblem(submit(csvBytes(rows)), { code: 'csv.duplicate_column', line: 1, column: 'Probability' });
  });
  it('duplicate id after normalisation (Poumon2 / poumon2.DCM)', () =>
    expectSingleProblem(submit(csvBytes([...lungRows(), ['poumon2.DCM', 0.3]])), { code: 'csv.duplicate_id', file: 'lung.csv', line: 6, column: 'id', caseId: 'poumon2.DCM', found: 'line 3' }),
  );
  it('unknown id', () => {
    const result = submit(csvBytes(rowsWith(3, ['Poumon99', 0.4])));
    expectProblem(result, { code: 'csv.unknown_id', line: 3, column: 'id', caseId: 'Poumon99' });
    expectProblem(result, { code: 'csv.missing_case', caseId: 'Poumon2', file: 'lung.csv' });
    expect(result.problems).toHaveLength(2);
  });
  it('missing case', () => expectSingleProblem(submit(csvBytes(lungRows().slice(0, 4))), { code: 'csv.missing_case', caseId: 'Poumon4' }));
  it('NaN', () => expectSingleProblem(submit(csvBytes(rowsWith(2, ['Poumon1', 'NaN']))), { code: 'csv.nan', line: 2, column: 'probability', caseId: 'Poumon1', found: 'NaN' }));
  it('inf', () => expectSingleProblem(submit(csvBytes(rowsWith(3, ['Poumon2', '-inf']))), { code: 'csv.infinite', line: 3, column: 'probability' }));
  it('1e999 overflows to infinity', () => expectSingleProblem(submit(csvBytes(rowsWith(4, ['Poumon3', '1e999']))), { code: 'csv.infinite', line: 4, found: '1e999' }));
  it('empty cell in a required column', () => expectSingleProblem(submit(csvBytes(rowsWith(5, ['Poumon4', '']))), { code: 'csv.empty_cell', line: 5, caseId: 'Poumon4' }));
  it('non-numeric text', () => expectSingleProblem(submit(csvBytes(rowsWith(2, ['Poumon1', 'high']))), { code: 'csv.not_a_number', line: 2, found: 'high' }));
  it('hex literal is not a number', () => expectSingleProblem(submit(csvBytes(rowsWith(2, ['Poumon1', '0x1']))), { code: 'csv.not_a_number', line: 2 }));
  it('two decimal commas', () =>
    expectSingleProblem(submit(csvBytes(rowsWith(2, ['Poumon1', '0,1,2']), { separator: ';' })), { code: 'csv.not_a_number', line: 2, found: '0,1,2' }),
  );
  it('probability above max', () => expectSingleProblem(submit(csvBytes(rowsWith(3, ['Poumon2', 1.5]))), { code: 'csv.out_of_range', line: 3, expected: '[0, 1]', found: '1.5' }));
  it('probability below min', () => expectSingleProblem(submit(csvBytes(rowsWith(3, ['Poumon2', -0.1]))), { code: 'csv.out_of_range', line: 3 }));
  it('decimal comma unquoted in a ","-separated file splits the row', () =>
    expectSingleProblem(submit(textBytes('id,probability\nPoumon1,0,1\nPoumon2,0.9\nPoumon3,0.2\nPoumon4,0.8\n')), { code: 'csv.wrong_field_count', line: 2, caseId: 'Poumon1', found: '3' }),
  );
  it('unclosed quote', () => expectSingleProblem(submit(textBytes('id,probability\n"Poumon1,0.1\nPoumon2,0.9\n')), { code: 'csv.malformed', file: 'lung.csv' }));
  it('empty id', () => {
    const result = submit(csvBytes(rowsWith(2, ['', 0.1])));
    expectProblem(result, { code: 'csv.empty_id', line: 2, column: 'id' });
    expectProblem(result, { code: 'csv.missing_case', caseId: 'Poumon1' });
  });
  it('non-integer in an integer column', () => {
    const spec: SubmissionSpec = { table: { id: 'id', columns: { edss: { type: 'integer', min: 0, max: 10 } } } };
    expectSingleProblem(submit(csvBytes([['id', 'edss'], ...LUNG_IDS.map((id, i) => [id, i === 2 ? 2.5 : 3])]), spec), { code: 'csv.not_an_integer', line: 4, column: 'edss' });
  });
  it('every problem is reported up to the cap (100), then checking stops with one closing note', () => {
    const bigKey = buildKey({ ids: Array.from({ length: 300 }, (_, i) => `case${i}`) });
    const rows = [['id', 'probability'], ...bigKey.ids.map((id) => [id, 'oops'])];
    const result = parseSubmission({ bytes: csvBytes(rows), fileName: 'big.csv' }, LUNG_SPEC, bigKey);
    expect(result.problems).toHaveLength(101);
    expect(result.problems[0]).toMatchObject({ code: 'csv.not_a_number', line: 2 });
    expect(result.problems[99]).toMatchObject({ code: 'csv.not_a_number', line: 101 });
    expect(result.problems[100]).toMatchObject({ code: 'problems.truncated', line: 102 });
    expect(result.problems[100]!.message).toContain('200 row(s) from there not checked');
  });
  it('problems past the cap that come after the rows (missing cases) are counted, not listed', () => {
    const bigKey = buildKey({ ids: Array.from({ length: 300 }, (_, i) => `case${i}`) });
    const result = parseSubmission({ bytes: csvBytes([['id', 'probability'], ['case0', 0.5]]), fileName: 'big.csv' }, LUNG_SPEC, bigKey);
    expect(result.problems).toHaveLength(101);
    expect(result.problems[100]).toMatchObject({ code: 'problems.truncated', found: '199' });
  });
  it('zip without a table for a table task', () =>
    expectSingleProblem(submit(zipBytes([{ name: 'readme.txt.md', data: textBytes('hi') }]), LUNG_SPEC, 'sub.zip'), { code: 'submission.missing_table', file: 'sub.zip' }));
  it('zip with two tables', () =>
    expectSingleProblem(
      submit(zipBytes([{ name: 'a.csv', data: csvBytes(lungRows()) }, { name: 'b.csv', data: csvBytes(lungRows()) }]), LUNG_SPEC, 'sub.zip'),
      { code: 'submission.several_tables', found: '2' },
    ));
  it('row errors inside a zipped table name the entry', () =>
    expectSingleProblem(submit(zipBytes([{ name: 'pred.csv', data: csvBytes(rowsWith(2, ['Poumon1', 'x'])) }]), LUNG_SPEC, 'sub.zip'), {
      code: 'csv.not_a_number',
      file: 'sub.zip/pred.csv',
      line: 2,
    }));
});
