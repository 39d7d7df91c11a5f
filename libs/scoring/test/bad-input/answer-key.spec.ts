import { describe, expect, it } from 'vitest';
import { parseAnswerKey } from '../../src/parsing/index.js';
import { csvBytes, discMask, garbage, gzip, niftiBytes, zipBytes } from '../builders.js';
import { expectProblem, expectSingleProblem } from '../expect-problem.js';

const keyRows = (ids = ['Poumon1', 'Poumon2', 'Poumon7']) => [['id', 'split', 'abnormal'], ...ids.map((id, i) => [id, i % 2 ? 'private' : 'public', i % 2])];
const parse = (rows: (string | number)[][], extra = {}) => parseAnswerKey({ csv: csvBytes(rows), csvName: 'keys/lung.csv', ...extra });

describe('bad answer keys (organiser files)', () => {
  it('duplicate id, as the organiser reads it', () => {
    const rows = [...keyRows(), ['poumon7.dcm', 'public', 1]];
    const problem = expectSingleProblem(parse(rows), { code: 'csv.duplicate_id', file: 'keys/lung.csv', line: 5, column: 'id', caseId: 'poumon7.dcm' });
    expect(problem.message).toBe('keys/lung.csv line 5 column "id" (case "poumon7.dcm"): duplicate id "poumon7.dcm" (first on line 4).');
  });
  it('split neither public nor private', () => {
    const rows = keyRows();
    rows[2]![1] = 'test';
    expectSingleProblem(parse(rows), { code: 'key.bad_split', line: 3, column: 'split', caseId: 'Poumon2', found: 'test' });
  });
  it('non-numeric truth', () => {
    const rows = keyRows();
    rows[1]![2] = 'yes';
    expectSingleProblem(parse(rows), { code: 'csv.not_a_number', line: 2, column: 'abnormal', caseId: 'Poumon1' });
  });
  it('no split column', () => expectSingleProblem(parse(keyRows().map((r) => [r[0]!, r[2]!])), { code: 'csv.missing_column', column: 'split' }));
  it('declared truth column absent', () =>
    expectSingleProblem(parseAnswerKey({ csv: csvBytes(keyRows()), csvName: 'k.csv' }, { truthColumns: ['edss'] }), { code: 'csv.missing_column', column: 'edss' }));
  it('binary file as key', () => expectSingleProblem(parseAnswerKey({ csv: garbage(300), csvName: 'k.csv' }), { code: 'csv.binary' }));
  it('reference mask missing, and one for an unknown case', () => {
    const mask = gzip(niftiBytes(discMask()));
    const zip = zipBytes([
      { name: 'Poumon1.nii.gz', data: mask },
      { name: 'Poumon2.nii.gz', data: mask },
      { name: 'Poumon9.nii.gz', data: mask },
    ]);
    const result = parse(keyRows(), { masksZip: zip, masksName: 'keys/masks.zip' });
    expect(result.key).toBeUndefined();
    expectProblem(result, { code: 'key.missing_mask', file: 'keys/masks.zip', caseId: 'Poumon7' });
    expectProblem(result, { code: 'key.unknown_mask', file: 'keys/masks.zip/Poumon9.nii.gz' });
    expect(result.problems).toHaveLength(2);
  });
});
