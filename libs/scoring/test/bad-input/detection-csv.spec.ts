// Detection tasks: malformed candidate files (teams) and nodule keys (organisers), each refused
// with the exact problem and location, never a throw.
import { describe, expect, it } from 'vitest';
import { parseAnswerKey, parseSubmission } from '../../src/parsing/index.js';
import type { SubmissionSpec } from '../../src/types.js';
import { csvBytes, garbage, zipBytes } from '../builders.js';
import { expectProblem, expectSingleProblem } from '../expect-problem.js';

const KEY_HEADER = ['id', 'split', 'x', 'y', 'z', 'diameter_mm'];
const keyRows = (): (string | number)[][] => [KEY_HEADER, ['scan1', 'public', 10, -20.5, 30, 6], ['scan1', 'public', 40, 0, 0, 4], ['scan2', 'private', '', '', '', ''], ['scan3', 'private', 0, 0, 0, 5]];
const parseKey = (rows: (string | number)[][]) => parseAnswerKey({ csv: csvBytes(rows), csvName: 'keys/nodules.csv' }, { kind: 'detection' });

const SPEC: SubmissionSpec = { detection: { id: 'seriesuid', max_candidates_per_scan: 3 } };
const key = parseKey(keyRows()).key!;
const HEADER = ['seriesuid', 'x', 'y', 'z', 'probability'];
const goodRows = (): (string | number)[][] => [HEADER, ['scan1', 10, -20, 30, 0.9], ['scan2', 1, 2, 3, 0.1], ['scan3', 0, 0, 1, 0.5]];
const submit = (rows: (string | number)[][], spec = SPEC) => parseSubmission({ bytes: csvBytes(rows), fileName: 'candidates.csv' }, spec, key);
const withRow = (line: number, cells: (string | number)[]) => {
  const rows = goodRows();
  rows[line - 1] = cells;
  return rows;
};

describe('bad detection submissions (candidate CSV)', () => {
  it('a good file parses: one candidate per row, ids normalised', () => {
    const parsed = submit(goodRows());
    expect(parsed.problems).toEqual([]);
    expect(parsed.submission!.candidates).toEqual([
      { caseId: 'scan1', x: 10, y: -20, z: 30, probability: 0.9 },
      { caseId: 'scan2', x: 1, y: 2, z: 3, probability: 0.1 },
      { caseId: 'scan3', x: 0, y: 0, z: 1, probability: 0.5 },
    ]);
  });
  it('unknown scan id', () =>
    expectSingleProblem(submit(withRow(3, ['scan9', 1, 2, 3, 0.1])), { code: 'csv.unknown_id', file: 'candidates.csv', line: 3, column: 'seriesuid', caseId: 'scan9', found: 'scan9' }));
  it('empty scan id', () => expectSingleProblem(submit(withRow(2, ['', 1, 2, 3, 0.1])), { code: 'csv.empty_id', line: 2, column: 'seriesuid' }));
  it('NaN probability', () =>
    expectSingleProblem(submit(withRow(2, ['scan1', 1, 2, 3, 'NaN'])), { code: 'csv.nan', line: 2, column: 'probability', caseId: 'scan1', found: 'NaN', expected: 'a finite number' }));
  it('probability above 1', () =>
    expectSingleProblem(submit(withRow(4, ['scan3', 1, 2, 3, 1.5])), { code: 'csv.out_of_range', line: 4, column: 'probability', caseId: 'scan3', expected: '[0, 1]', found: '1.5' }));
  it('negative probability', () => expectSingleProblem(submit(withRow(4, ['scan3', 1, 2, 3, -0.01])), { code: 'csv.out_of_range', line: 4, column: 'probability' }));
  it('non-numeric coordinate', () =>
    expectSingleProblem(submit(withRow(3, ['scan2', 1, 'left', 3, 0.1])), { code: 'csv.not_a_number', line: 3, column: 'y', caseId: 'scan2', found: 'left' }));
  it('empty coordinate', () => expectSingleProblem(submit(withRow(3, ['scan2', 1, 2, '', 0.1])), { code: 'csv.empty_cell', line: 3, column: 'z', caseId: 'scan2' }));
  it('infinite coordinate', () => expectSingleProblem(submit(withRow(3, ['scan2', '1e999', 2, 3, 0.1])), { code: 'csv.infinite', line: 3, column: 'x' }));
  it('more candidates on one scan than the task accepts: one problem for the scan, at its first extra row', () => {
    const rows = [...goodRows(), ...[1, 2, 3, 4].map((i) => ['scan2', i, i, i, 0.2])];
    expectSingleProblem(submit(rows), { code: 'detection.too_many_candidates', line: 7, caseId: 'scan2', expected: 'at most 3', found: '5' });
  });
  it('missing probability column (named prob)', () => {
    const result = submit([['seriesuid', 'x', 'y', 'z', 'prob'], ['scan1', 1, 2, 3, 0.5]]);
    expectProblem(result, { code: 'csv.missing_column', line: 1, column: 'probability' });
    expectProblem(result, { code: 'csv.unexpected_column', line: 1, column: 'prob' });
    expect(result.problems).toHaveLength(2);
  });
  it('a row with a missing field', () => expectSingleProblem(submit([...goodRows(), ['scan1', 1, 2, 0.5]]), { code: 'csv.wrong_field_count', line: 5, caseId: 'scan1', found: '4' }));
  it('every defect is reported, not only the first', () => {
    const rows = [...goodRows(), ['scan9', 1, 2, 3, 0.5], ['scan1', 'x', 2, 3, 2]];
    expect(submit(rows).problems.map((p) => [p.code, p.line, p.column])).toEqual([
      ['csv.unknown_id', 5, 'seriesuid'],
      ['csv.not_a_number', 6, 'x'],
      ['csv.out_of_range', 6, 'probability'],
    ]);
  });
  it('a zip holding two CSVs', () => {
    const result = parseSubmission({ bytes: zipBytes([{ name: 'a.csv', data: csvBytes(goodRows()) }, { name: 'b.csv', data: csvBytes(goodRows()) }]), fileName: 'c.zip' }, SPEC, key);
    expectSingleProblem(result, { code: 'submission.several_tables', file: 'c.zip' });
  });
  it('header only: zero candidates is a valid (if hopeless) submission', () => {
    const parsed = submit([HEADER]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.submission!.candidates).toEqual([]);
  });
  it('binary garbage', () => expectSingleProblem(parseSubmission({ bytes: garbage(300), fileName: 'c.csv' }, SPEC, key), { code: 'csv.binary' }));
});

describe('bad detection answer keys (organiser files)', () => {
  it('a scan in two splits', () => {
    const rows = keyRows();
    rows[2]![1] = 'private';
    expectSingleProblem(parseKey(rows), { code: 'key.split_conflict', file: 'keys/nodules.csv', line: 3, column: 'split', caseId: 'scan1', expected: 'public', found: 'private' });
  });
  it('a diameter of 0', () => {
    const rows = keyRows();
    rows[4]![5] = 0;
    expectSingleProblem(parseKey(rows), { code: 'csv.out_of_range', line: 5, column: 'diameter_mm', caseId: 'scan3', expected: '> 0' });
  });
  it('a nodule row with its x missing', () => {
    const rows = keyRows();
    rows[1]![2] = '';
    expectSingleProblem(parseKey(rows), { code: 'csv.empty_cell', line: 2, column: 'x', caseId: 'scan1' });
  });
  it('a non-numeric coordinate', () => {
    const rows = keyRows();
    rows[2]![4] = 'apex';
    expectSingleProblem(parseKey(rows), { code: 'csv.not_a_number', line: 3, column: 'z', found: 'apex' });
  });
  it('diameter column named "diameter"', () => {
    const result = parseKey(keyRows().map((r, i) => (i === 0 ? [...KEY_HEADER.slice(0, 5), 'diameter'] : r)));
    expectProblem(result, { code: 'csv.missing_column', column: 'diameter_mm' });
    expectProblem(result, { code: 'csv.unexpected_column', column: 'diameter' });
  });
  it('excluded neither 0, 1 nor empty', () => {
    const rows = keyRows().map((r, i) => [...r, i === 0 ? 'excluded' : i === 2 ? 'yes' : '']);
    expectSingleProblem(parseKey(rows), { code: 'key.bad_excluded', line: 3, column: 'excluded', caseId: 'scan1', found: 'yes' });
  });
  it('excluded on a row without a finding', () => {
    const rows = keyRows().map((r, i) => [...r, i === 0 ? 'excluded' : i === 3 ? 1 : 0]);
    expectSingleProblem(parseKey(rows), { code: 'key.bad_excluded', line: 4, caseId: 'scan2' });
  });
  it('bad split', () => {
    const rows = keyRows();
    rows[3]![1] = 'test';
    expectSingleProblem(parseKey(rows), { code: 'key.bad_split', line: 4, caseId: 'scan2', found: 'test' });
  });
});
