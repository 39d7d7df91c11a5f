// Detection tasks (FROC): the answer key lists every scan with its nodules, one row per nodule
// plus one empty row per scan without nodule; a submission is a CSV of candidates, zero or more
// per scan. Both are checked cell by cell with the same problem codes as the table formats.
import {
  DEFAULT_MAX_CANDIDATES_PER_SCAN,
  DETECTION_CANDIDATE_COLUMNS,
  DETECTION_EXCLUDED_COLUMN,
  DETECTION_KEY_COLUMNS,
  type DetectionSubmissionManifest,
} from '@podium/contracts';
import type { AnswerKey, DetectionCandidate, DetectionFinding, Split } from '../types.js';
import { normalizeCaseId } from './case-id.js';
import { caseOfRows, type CaseIdIndex } from './case-id-index.js';
import { columnKey, parseNumberCell, type CsvTable } from './csv-table.js';
import { fieldCountProblem, idProblem, numberProblem, readKeyRow } from './row-problems.js';
import { ProblemList, problemAt } from './problem-list.js';
import { resolveColumns } from './table-columns.js';

/** The answer key of a detection task, from its parsed CSV: scans in first-appearance order. */
export function readDetectionKey(table: CsvTable, file: string, problems: ProblemList): AnswerKey | undefined {
  // Optional LUNA16 annotations_excluded: 1 marks a finding whose candidates count neither way.
  const withExcluded = table.header.some((name) => columnKey(name) === DETECTION_EXCLUDED_COLUMN);
  const cols = resolveColumns(table, file, ['id', 'split', ...DETECTION_KEY_COLUMNS, ...(withExcluded ? [DETECTION_EXCLUDED_COLUMN] : [])], false);
  problems.addAll(cols.problems);
  if (cols.problems.length > 0) return undefined;
  const at = (name: string) => cols.index.get(name)!;
  const ids: string[] = [];
  const normalizedIds: string[] = [];
  const split: Split[] = [];
  const findings: DetectionFinding[] = [];
  const scanOf = new Map<string, { index: number; line: number }>();
  for (let r = 0; r < table.rowCount; r++) {
    const row = readKeyRow(table, r, file, { id: at('id'), split: at('split') }, problems, 'scan');
    if (!row) continue;
    const { id, split: splitValue, rawSplit } = row;
    const line = table.line(r);
    const normalized = normalizeCaseId(id);
    let scan = scanOf.get(normalized);
    if (scan && split[scan.index] !== splitValue) {
      // A scan is public or private as a whole: its nodules cannot be scored on two boards.
      problems.add(
        problemAt({ file, line, column: 'split', caseId: id }, 'key.split_conflict', `split is "${rawSplit}" but line ${scan.line} puts this scan in the ${split[scan.index]} split; a scan has one split.`, {
          expected: split[scan.index]!,
          found: rawSplit,
        }),
      );
      continue;
    }
    const cells = DETECTION_KEY_COLUMNS.map((name) => table.cell(r, at(name)));
    const excludedCell = withExcluded ? table.cell(r, at(DETECTION_EXCLUDED_COLUMN)).trim() : '';
    if (excludedCell !== '' && excludedCell !== '0' && excludedCell !== '1') {
      problems.add(problemAt({ file, line, column: DETECTION_EXCLUDED_COLUMN, caseId: id }, 'key.bad_excluded', `excluded is "${excludedCell}"; write 1 for an excluded finding, 0 or nothing otherwise.`, { expected: '0 | 1 | empty', found: excludedCell }));
      continue;
    }
    const nodule = cells.every((c) => c.trim() === '') ? null : readNodule(cells, file, line, id, problems);
    if (nodule === undefined) continue;
    if (nodule === null && excludedCell === '1') {
      problems.add(problemAt({ file, line, column: DETECTION_EXCLUDED_COLUMN, caseId: id }, 'key.bad_excluded', 'excludes a finding but the row has no coordinates.', { expected: 'x, y, z, diameter_mm', found: 'empty cells' }));
      continue;
    }
    if (!scan) {
      scan = { index: ids.length, line };
      scanOf.set(normalized, scan);
      ids.push(id);
      normalizedIds.push(normalized);
      split.push(splitValue);
    }
    if (nodule) findings.push({ caseId: normalized, ...nodule, ...(excludedCell === '1' ? { excluded: true } : {}) });
  }
  return { ids, normalizedIds, split, truth: {}, findings };
}

/** A nodule row's centre and diameter, or undefined after reporting its bad cells. */
function readNodule(cells: string[], file: string, line: number, caseId: string, problems: ProblemList) {
  const values: number[] = [];
  DETECTION_KEY_COLUMNS.forEach((name, i) => {
    const parsed = parseNumberCell(cells[i]!);
    if (!parsed.ok) problems.add(numberProblem(file, line, name, caseId, cells[i]!, parsed.reason));
    else if (name === 'diameter_mm' && !(parsed.value > 0)) {
      problems.add(problemAt({ file, line, column: name, caseId }, 'csv.out_of_range', `diameter ${parsed.value} mm must be above 0.`, { expected: '> 0', found: String(parsed.value) }));
    } else values.push(parsed.value);
  });
  if (values.length !== DETECTION_KEY_COLUMNS.length) return undefined;
  const [x, y, z, diameter] = values as [number, number, number, number];
  return { x, y, z, diameter };
}

/** The candidates of a submission CSV, `caseId` = the key's normalised id. */
export function readCandidates(
  table: CsvTable,
  file: string,
  spec: DetectionSubmissionManifest,
  key: AnswerKey,
  index: CaseIdIndex,
  problems: ProblemList,
): DetectionCandidate[] {
  const names = [spec.id, ...DETECTION_CANDIDATE_COLUMNS];
  const cols = resolveColumns(table, file, names, false);
  problems.addAll(cols.problems);
  if (cols.problems.length > 0) return [];
  const idCol = cols.index.get(spec.id)!;
  const [xCol, yCol, zCol, pCol] = DETECTION_CANDIDATE_COLUMNS.map((name) => cols.index.get(name)!) as [number, number, number, number];
  const cap = spec.max_candidates_per_scan ?? DEFAULT_MAX_CANDIDATES_PER_SCAN;
  const perScan = new Int32Array(key.ids.length);
  const overCapLine = new Int32Array(key.ids.length);
  const cases = caseOfRows(table, idCol, index);
  const width = table.header.length;
  const candidates: DetectionCandidate[] = [];
  // Row r's id as written and its numeric cells, closures made once for the file (not per row).
  let r = 0;
  const idText = () => table.cell(r, idCol).trim();
  const value = (c: number, name: string): number | undefined => {
    const v = table.number(r, c);
    if (!Number.isNaN(v)) return v;
    const cell = table.cell(r, c);
    const why = parseNumberCell(cell);
    if (why.ok) return why.value;
    problems.add(numberProblem(file, table.line(r), name, idText(), cell, why.reason));
    return undefined;
  };
  for (; r < table.rowCount; r++) {
    const line = table.line(r);
    if (problems.full) {
      problems.stopAt(line, table.rowCount - r);
      return [];
    }
    const k = cases[r]!;
    if (k < 0) {
      problems.add(idProblem(file, line, spec.id, idText(), 'scan'));
      continue;
    }
    if (table.fieldCount(r) !== width) {
      problems.add(fieldCountProblem(table, r, file, { caseId: idText(), team: true }));
      continue;
    }
    if (++perScan[k]! > cap) {
      if (overCapLine[k] === 0) overCapLine[k] = line;
      continue;
    }
    const x = value(xCol, 'x');
    const y = value(yCol, 'y');
    const z = value(zCol, 'z');
    const p = value(pCol, 'probability');
    if (p !== undefined && !(p >= 0 && p <= 1)) {
      problems.add(problemAt({ file, line, column: 'probability', caseId: idText() }, 'csv.out_of_range', `value ${p} is outside [0, 1].`, { expected: '[0, 1]', found: String(p) }));
      continue;
    }
    if (x === undefined || y === undefined || z === undefined || p === undefined) continue;
    candidates.push({ caseId: key.normalizedIds[k]!, x, y, z, probability: p });
  }
  for (let k = 0; k < key.ids.length; k++) {
    if (overCapLine[k] === 0) continue;
    problems.add(
      problemAt({ file, line: overCapLine[k]!, caseId: key.ids[k]! }, 'detection.too_many_candidates', `scan "${key.ids[k]}" has ${perScan[k]} candidates; at most ${cap} per scan are accepted (keep the most probable).`, {
        expected: `at most ${cap}`,
        found: String(perScan[k]),
      }),
    );
  }
  return candidates;
}
