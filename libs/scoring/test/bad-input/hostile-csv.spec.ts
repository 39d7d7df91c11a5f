// Files built to cost the server: every one is a located rejection of bounded size, never a throw,
// and parsing stops once a hundred problems are found.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROBLEM_CAP, MAX_CELLS, MAX_COLUMNS, parseSubmission, QUOTE_MAX_CHARS } from '../../src/parsing/index.js';
import { buildKey, LUNG_SPEC, textBytes } from '../builders.js';
import { expectSingleProblem } from '../expect-problem.js';

const key = buildKey();
const submit = (text: string) => parseSubmission({ bytes: textBytes(text), fileName: 'lung.csv' }, LUNG_SPEC, key);

describe('hostile CSV submissions', () => {
  it('a 10-million-column header is a located "too many columns" rejection', () => {
    const header = `id${',p'.repeat(10_000_000)}`;
    const problem = expectSingleProblem(submit(`${header}\nPoumon1,0.5\n`), { code: 'csv.too_many_columns', file: 'lung.csv', line: 1, found: '10000001' });
    expect(problem.message).toContain('too many columns');
  });

  it('a header just past the column limit is refused, one at the limit is read', () => {
    expectSingleProblem(submit(`id,${Array.from({ length: MAX_COLUMNS }, (_, i) => `c${i}`).join(',')}\nPoumon1\n`), { code: 'csv.too_many_columns' });
    const atLimit = submit(`id,${Array.from({ length: MAX_COLUMNS - 1 }, (_, i) => `c${i}`).join(',')}\nPoumon1\n`);
    expect(atLimit.problems.map((p) => p.code)).not.toContain('csv.too_many_columns');
  });

  it('a wide header over many short rows is refused where the table passes the cell limit', () => {
    const rows = Math.ceil(MAX_CELLS / MAX_COLUMNS) + 10;
    const header = Array.from({ length: MAX_COLUMNS }, (_, i) => `c${i}`).join(',');
    const result = submit(`${header}\n${'x\n'.repeat(rows)}`);
    expect(result.problems.map((p) => p.code)).toEqual(['csv.too_large']);
    expect(result.problems[0]!.line).toBeGreaterThan(1);
  });

  it('40 lines of 1 MB each: every quoted value is clipped to 80 characters with an ellipsis', () => {
    const big = 'A'.repeat(1024 * 1024);
    const lines = Array.from({ length: 40 }, (_, i) => `${big}${i},0.5`);
    const result = submit(`id,probability\n${lines.join('\n')}\n`);
    expect(result.submission).toBeUndefined();
    expect(result.problems.length).toBeGreaterThanOrEqual(40);
    const unknown = result.problems.filter((p) => p.code === 'csv.unknown_id');
    expect(unknown).toHaveLength(40);
    for (const p of unknown) {
      expect(p.caseId).toHaveLength(QUOTE_MAX_CHARS);
      expect(p.caseId!.endsWith('\u2026')).toBe(true);
      expect(p.found).toHaveLength(QUOTE_MAX_CHARS);
      expect(p.message).toContain(`"${'A'.repeat(QUOTE_MAX_CHARS - 1)}\u2026"`);
      expect(p.message.length).toBeLessThan(400);
    }
    // Was 40 MB before the cap.
    expect(JSON.stringify(result.problems).length).toBeLessThan(64 * 1024);
  });

  it('a long non-numeric cell is clipped too', () => {
    const result = submit(`id,probability\nPoumon1,${'9x'.repeat(500_000)}\nPoumon2,0.1\nPoumon3,0.2\nPoumon4,0.3\n`);
    const problem = expectSingleProblem(result, { code: 'csv.not_a_number', line: 2, caseId: 'Poumon1' });
    expect(problem.found).toHaveLength(QUOTE_MAX_CHARS);
    expect(problem.message.length).toBeLessThan(400);
  });

  it('stops checking after the first hundred problems and says how many rows were left', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `Unknown${i},0.5`);
    const result = submit(`id,probability\n${rows.join('\n')}\n`);
    expect(result.problems).toHaveLength(DEFAULT_PROBLEM_CAP + 1);
    expect(result.problems.slice(0, DEFAULT_PROBLEM_CAP).every((p) => p.code === 'csv.unknown_id')).toBe(true);
    const last = result.problems.at(-1)!;
    expect(last.code).toBe('problems.truncated');
    // Line 1 is the header; rows 1..100 are lines 2..101: checking stopped at line 102.
    expect(last.line).toBe(DEFAULT_PROBLEM_CAP + 2);
    expect(last.message).toContain(`${5000 - DEFAULT_PROBLEM_CAP} row(s) from there not checked`);
  });
});
