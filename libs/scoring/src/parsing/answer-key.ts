// Organiser answer keys: `id`, `split` (public|private), then numeric truth columns; optionally a
// zip of reference masks, one per case. Detection tasks list nodules instead (detection-files.ts). Errors here are the organiser's, caught at upload time.
import type { Problem } from '@podium/contracts';
import type { AnswerKey, MaskImage, Split, SubmissionSpec } from '../types.js';
import { normalizeCaseId } from './case-id.js';
import { parseCsvTable, parseNumberCell } from './csv-table.js';
import { numberProblem, readKeyRow } from './row-problems.js';
import type { RawInflater } from './inflate.js';
import { readDetectionKey } from './detection-files.js';
import { decodeMaskFile, maskFileCase } from './mask-files.js';
import { ProblemList, problemAt } from './problem-list.js';
import { resolveColumns } from './table-columns.js';
import { readZip, type ZipLimits } from './zip-reader.js';

export interface AnswerKeyInput {
  csv: Uint8Array;
  csvName: string;
  masksZip?: Uint8Array;
  masksName?: string;
}

export interface AnswerKeyOptions {
  /** `detection`: one row per nodule (see `answerKeyKind`); default `table`: one row per case. */
  kind?: AnswerKeyKind;
  /** Truth columns to read (spelled as in the manifest); default: every column after id and split. */
  truthColumns?: string[];
  limits?: Partial<ZipLimits>;
  inflate?: RawInflater;
  problemCap?: number;
}

export type AnswerKeyKind = 'table' | 'detection';

/** How a task's answer key is laid out, from what its submissions hold. */
export function answerKeyKind(spec: SubmissionSpec): AnswerKeyKind {
  return spec.detection ? 'detection' : 'table';
}

export function parseAnswerKey(input: AnswerKeyInput, options: AnswerKeyOptions = {}): { key?: AnswerKey; problems: Problem[] } {
  const problems = new ProblemList(options.problemCap);
  const file = input.csvName;
  const parsed = parseCsvTable(input.csv, file);
  problems.addAll(parsed.problems);
  const table = parsed.table;
  if (!table || parsed.problems.length > 0) return { problems: problems.toArray() };

  if (options.kind === 'detection') {
    const key = readDetectionKey(table, file, problems);
    return key && problems.isEmpty ? { key, problems: [] } : { problems: problems.toArray() };
  }
  const explicit = options.truthColumns;
  const cols = resolveColumns(table, file, ['id', 'split', ...(explicit ?? [])], true);
  problems.addAll(cols.problems);
  if (cols.problems.length > 0) return { problems: problems.toArray() };
  const idCol = cols.index.get('id')!;
  const splitCol = cols.index.get('split')!;
  // Without an explicit list every other column is a truth column, named as in the header.
  const truthCols = explicit ? explicit.map((name) => ({ name, index: cols.index.get(name)! })) : cols.extra;

  const ids: string[] = [];
  const normalizedIds: string[] = [];
  const split: Split[] = [];
  const truth: Record<string, number[]> = Object.fromEntries(truthCols.map((c) => [c.name, []]));
  const firstLine = new Map<string, number>();
  for (let r = 0; r < table.rowCount; r++) {
    const row = readKeyRow(table, r, file, { id: idCol, split: splitCol }, problems);
    if (!row) continue;
    const { id, split: splitValue } = row;
    const line = table.line(r);
    const key = normalizeCaseId(id);
    const seen = firstLine.get(key);
    if (seen !== undefined) {
      problems.add(problemAt({ file, line, column: 'id', caseId: id }, 'csv.duplicate_id', `duplicate id "${id}" (first on line ${seen}).`, { found: `line ${seen}` }));
      continue;
    }
    firstLine.set(key, line);
    let rowOk = true;
    const values: number[] = [];
    for (const c of truthCols) {
      const cell = parseNumberCell(table.cell(r, c.index));
      if (cell.ok) values.push(cell.value);
      else if (cell.reason === 'empty') values.push(Number.NaN); // conditional truths may be blank
      else {
        rowOk = false;
        problems.add(numberProblem(file, line, c.name, id, table.cell(r, c.index), cell.reason));
      }
    }
    if (!rowOk) continue;
    ids.push(id);
    normalizedIds.push(key);
    split.push(splitValue);
    truthCols.forEach((c, i) => truth[c.name]!.push(values[i]!));
  }

  let masks: MaskImage[] | undefined;
  if (input.masksZip) masks = readKeyMasks(input, normalizedIds, ids, options, problems);
  if (!problems.isEmpty) return { problems: problems.toArray() };
  const key: AnswerKey = {
    ids,
    normalizedIds,
    split,
    truth: Object.fromEntries(Object.entries(truth).map(([k, v]) => [k, Float64Array.from(v)])),
    ...(masks ? { masks } : {}),
  };
  return { key, problems: [] };
}

function readKeyMasks(input: AnswerKeyInput, normalizedIds: string[], ids: string[], options: AnswerKeyOptions, problems: ProblemList): MaskImage[] | undefined {
  const zipName = input.masksName ?? 'masks.zip';
  const zip = readZip(input.masksZip!, options.limits, zipName, options.inflate ? { inflate: options.inflate } : {});
  problems.addAll(zip.problems);
  const caseIndex = new Map(normalizedIds.map((k, i) => [k, i]));
  const masks: (MaskImage | undefined)[] = new Array(ids.length).fill(undefined);
  const fileOf: string[] = [];
  for (const [path, bytes] of zip.entries) {
    const file = `${zipName}/${path}`;
    const m = maskFileCase(path);
    if (!m) continue;
    const i = caseIndex.get(m.caseKey);
    if (i === undefined) {
      problems.add(problemAt({ file }, 'key.unknown_mask', `mask "${m.baseName}" matches no case id of ${input.csvName}.`, { found: m.baseName }));
      continue;
    }
    if (fileOf[i] !== undefined) {
      problems.add(problemAt({ file, caseId: ids[i]! }, 'key.duplicate_mask', `a second mask for this case (also "${fileOf[i]}"); keep one.`));
      continue;
    }
    fileOf[i] = path;
    const decoded = decodeMaskFile(bytes, file, m.format, { caseId: ids[i]!, ...(options.inflate ? { inflate: options.inflate } : {}) });
    problems.addAll(decoded.problems);
    if (decoded.image) masks[i] = decoded.image;
  }
  ids.forEach((id, i) => {
    if (fileOf[i] === undefined) {
      problems.add(problemAt({ file: zipName, caseId: id }, 'key.missing_mask', `no mask for case "${id}" (expected ${id}.nii.gz, .nii or .png).`));
    }
  });
  return masks.every((m) => m !== undefined) ? (masks as MaskImage[]) : undefined;
}
