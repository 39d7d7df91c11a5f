// A team's submission: a CSV (table-only task), or a zip of masks plus exactly one CSV when the
// task also has a table. Everything is aligned to the answer key's case order, and every problem
// is reported (up to a cap) so the team fixes the file in one round trip.
import type { Problem } from '@podium/contracts';
import type { AnswerKey, MaskImage, ParsedSubmission, SubmissionSpec } from '../types.js';
import { CaseIdIndex, caseOfRows } from './case-id-index.js';
import { parseCsvTable, parseNumberCell, type CsvTable } from './csv-table.js';
import { fieldCountProblem, idProblem, numberProblem } from './row-problems.js';
import type { RawInflater } from './inflate.js';
import { readCandidates } from './detection-files.js';
import { decodeMaskFile, maskFileCase } from './mask-files.js';
import { ProblemList, problemAt } from './problem-list.js';
import { resolveColumns } from './table-columns.js';
import { readZip, type ZipLimits } from './zip-reader.js';

export interface SubmissionInput {
  bytes: Uint8Array;
  fileName: string;
}

export interface ParseSubmissionOptions {
  /** Raw-DEFLATE inflater for zips and .nii.gz (default: `defaultInflater`, Node's zlib where available, else fflate). */
  inflate?: RawInflater;
  problemCap?: number;
  /** Largest decoded mask, in bytes. */
  maxImageBytes?: number;
  /**
   * Decode only this share of a zip's entries (`index` of `count` equal runs, in directory order).
   * Every entry's name is still checked (unknown, duplicate, missing cases); the masks of the
   * other shares are left null, and the table is read only by the share that holds it (`values`
   * stays empty in the others). See `scoreMaskShard`.
   */
  shard?: MaskShard;
}

/** One of `count` parts of a zip, read by one thread. */
export interface MaskShard {
  index: number;
  count: number;
}

export interface ParseSubmissionResult {
  submission?: ParsedSubmission;
  problems: Problem[];
}

/** Relative tolerance on pixel spacing: float32 headers written by different tools differ at ~1e-7. */
export const SPACING_TOLERANCE = 1e-3;

export function parseSubmission(
  input: SubmissionInput,
  spec: SubmissionSpec,
  key: AnswerKey,
  limits: Partial<ZipLimits> = {},
  options: ParseSubmissionOptions = {},
): ParseSubmissionResult {
  const problems = new ProblemList(options.problemCap);
  const warnings = new ProblemList(options.problemCap);
  const { bytes, fileName } = input;
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
  const inflateOpt = options.inflate ? { inflate: options.inflate } : {};
  const result: ParsedSubmission = { values: {} };

  if (!isZip) {
    if (spec.masks) {
      problems.add(problemAt({ file: fileName }, 'submission.expected_zip', 'is not a zip; this task needs a zip of masks' + (spec.table ? ' plus one CSV table.' : '.'), { expected: 'a .zip file' }));
      return { problems: problems.toArray() };
    }
    if (!spec.table && !spec.detection) return { problems: [problemAt({ file: fileName }, 'submission.no_spec', 'cannot be checked: the task declares neither a table nor masks.')] };
    readCsv(bytes, fileName, spec, key, problems, result);
    return problems.isEmpty ? { submission: result, problems: [] } : { problems: problems.toArray() };
  }

  const shard = options.shard;
  const zip = readZip(bytes, limits, fileName, shard ? { ...inflateOpt, inflateEntry: (i, n) => Math.floor((i * shard.count) / n) === shard.index } : inflateOpt);
  problems.addAll(zip.problems);
  if (zip.entries.size === 0 && zip.problems.length > 0) return { problems: problems.toArray() };
  if (spec.table || spec.detection) {
    const csvs = [...zip.entries.keys()].filter((p) => /\.(csv|txt)$/i.test(p));
    if (csvs.length !== 1) {
      problems.add(
        problemAt(
          { file: fileName },
          csvs.length === 0 ? 'submission.missing_table' : 'submission.several_tables',
          csvs.length === 0 ? 'holds no CSV table; add one (id and prediction columns).' : `holds ${csvs.length} CSV files (${csvs.join(', ')}); keep exactly one.`,
          { expected: '1 CSV file', found: String(csvs.length) },
        ),
      );
    } else if (!zip.skipped.has(csvs[0]!)) {
      readCsv(zip.entries.get(csvs[0]!)!, `${fileName}/${csvs[0]}`, spec, key, problems, result);
    }
  }
  if (spec.masks) result.masks = readMasks(zip.entries, zip.skipped, fileName, spec.masks, key, problems, warnings, options);
  if (!problems.isEmpty) return { problems: problems.toArray() };
  if (!warnings.isEmpty) result.warnings = warnings.toArray();
  return { submission: result, problems: [] };
}

// The key's id index is built once per key and reused by every submission scored against it.
const keyIndexCache = new WeakMap<AnswerKey, CaseIdIndex>();

function keyIndex(key: AnswerKey): CaseIdIndex {
  let index = keyIndexCache.get(key);
  if (!index) {
    index = new CaseIdIndex(key.normalizedIds);
    keyIndexCache.set(key, index);
  }
  return index;
}

/** The submission's CSV: prediction columns aligned to the key, or detection candidates. */
function readCsv(bytes: Uint8Array, file: string, spec: SubmissionSpec, key: AnswerKey, problems: ProblemList, result: ParsedSubmission): void {
  const parsed = parseCsvTable(bytes, file);
  // A detection file may hold no candidate at all (zero or more per scan): it then scores 0.
  const structural = spec.detection ? parsed.problems.filter((p) => p.code !== 'csv.no_rows') : parsed.problems;
  problems.addAll(structural);
  const table = parsed.table && structural.length === 0 ? parsed.table : undefined;
  if (spec.detection) {
    result.candidates = table ? readCandidates(table, file, spec.detection, key, keyIndex(key), problems) : [];
  } else if (spec.table) {
    result.values = readTable(table, file, spec.table, key, problems);
  }
}

function readTable(table: CsvTable | undefined, file: string, tableSpec: NonNullable<SubmissionSpec['table']>, key: AnswerKey, problems: ProblemList): Record<string, Float64Array> {
  const names = Object.keys(tableSpec.columns);
  const values: Record<string, Float64Array> = Object.fromEntries(names.map((n) => [n, new Float64Array(key.ids.length).fill(Number.NaN)]));
  if (!table) return values;
  const cols = resolveColumns(table, file, [tableSpec.id, ...names], false);
  problems.addAll(cols.problems);
  if (cols.problems.length > 0) return values;

  const index = keyIndex(key);
  const ids = key.normalizedIds;
  const idCol = cols.index.get(tableSpec.id)!;
  const valueCols = names.map((name) => ({ name, at: cols.index.get(name)!, spec: tableSpec.columns[name]!, out: values[name]! }));
  const seenLine = new Int32Array(ids.length);
  const width = table.header.length;
  const cases = caseOfRows(table, idCol, index);
  // The id as the team wrote it, only made into a string when a problem needs it (one closure
  // for the file: one per row cost 100k allocations).
  let r = 0;
  const idText = () => table.cell(r, idCol).trim();
  for (; r < table.rowCount; r++) {
    const line = table.line(r);
    if (problems.full) {
      problems.stopAt(line, table.rowCount - r);
      return values;
    }
    const k = cases[r]!;
    if (k < 0) {
      problems.add(idProblem(file, line, tableSpec.id, idText()));
      continue;
    }
    if (seenLine[k] !== 0) {
      problems.add(problemAt({ file, line, column: tableSpec.id, caseId: idText() }, 'csv.duplicate_id', `duplicate id "${idText()}" (first on line ${seenLine[k]}).`, { found: `line ${seenLine[k]}` }));
      continue;
    }
    // A row that names its case counts as present even when its values are wrong: the team
    // sees the real defect, not a second "missing case" for the same line.
    seenLine[k] = line;
    if (table.fieldCount(r) !== width) {
      problems.add(fieldCountProblem(table, r, file, { caseId: idText(), team: true }));
      continue;
    }
    for (const c of valueCols) {
      let v = table.number(r, c.at);
      if (Number.isNaN(v)) {
        const cell = table.cell(r, c.at);
        const why = parseNumberCell(cell);
        if (why.ok) v = why.value;
        else if (why.reason === 'empty' && c.spec.optional) continue;
        else {
          problems.add(numberProblem(file, line, c.name, idText(), cell, why.ok ? 'not_a_number' : why.reason));
          continue;
        }
      }
      if (c.spec.type === 'integer' && !Number.isInteger(v)) {
        problems.add(problemAt({ file, line, column: c.name, caseId: idText() }, 'csv.not_an_integer', `value ${v} must be a whole number.`, { expected: 'an integer', found: String(v) }));
        continue;
      }
      if ((c.spec.min !== undefined && v < c.spec.min) || (c.spec.max !== undefined && v > c.spec.max)) {
        const range = `[${c.spec.min ?? '-inf'}, ${c.spec.max ?? '+inf'}]`;
        problems.add(problemAt({ file, line, column: c.name, caseId: idText() }, 'csv.out_of_range', `value ${v} is outside ${range}.`, { expected: range, found: String(v) }));
        continue;
      }
      c.out[k] = v;
    }
  }
  for (let k = 0; k < ids.length; k++) {
    if (seenLine[k] === 0) {
      problems.add(problemAt({ file, caseId: key.ids[k]! }, 'csv.missing_case', `no row for case "${key.ids[k]}"; every case needs a prediction.`));
    }
  }
  return values;
}

function readMasks(
  entries: Map<string, Uint8Array>,
  skipped: ReadonlySet<string>,
  zipName: string,
  maskSpec: NonNullable<SubmissionSpec['masks']>,
  key: AnswerKey,
  problems: ProblemList,
  warnings: ProblemList,
  options: ParseSubmissionOptions,
): (MaskImage | null)[] {
  const masks: (MaskImage | null)[] = new Array(key.ids.length).fill(null);
  const caseProblems = maskSpec.partial ? warnings : problems;
  if (!key.masks) {
    problems.add(problemAt({ file: zipName }, 'key.no_masks', 'cannot be scored: the answer key has no reference masks for this task (organiser error).'));
    return masks;
  }
  const index = keyIndex(key);
  const fileOf: string[] = [];
  for (const [path, bytes] of entries) {
    const m = maskFileCase(path);
    if (!m) continue;
    const file = `${zipName}/${path}`;
    const k = index.get(m.caseKey);
    if (k === undefined) {
      problems.add(problemAt({ file }, 'mask.unknown_case', `mask "${m.baseName}" matches no case of this task.`, { found: m.baseName }));
      continue;
    }
    const caseId = key.ids[k]!;
    if (fileOf[k] !== undefined) {
      problems.add(problemAt({ file, caseId }, 'mask.duplicate_case', `a second mask for case "${caseId}" (also "${fileOf[k]}"); keep one.`));
      continue;
    }
    fileOf[k] = path;
    if (m.format !== maskSpec.format) {
      caseProblems.add(problemAt({ file, caseId }, 'mask.wrong_format', `is ${m.format === 'png' ? 'a PNG' : 'NIfTI'}; this task takes ${maskSpec.format === 'png' ? '.png' : '.nii.gz or .nii'} masks.`, { expected: maskSpec.format, found: m.format }));
      continue;
    }
    if (skipped.has(path)) continue; // another shard decodes it
    const decoded = decodeMaskFile(bytes, file, m.format, {
      caseId,
      ...(maskSpec.nonBinary ? { nonBinary: maskSpec.nonBinary } : {}),
      ...(maskSpec.threshold !== undefined ? { threshold: maskSpec.threshold } : {}),
      ...(options.inflate ? { inflate: options.inflate } : {}),
      ...(options.maxImageBytes !== undefined ? { maxBytes: options.maxImageBytes } : {}),
    });
    if (!decoded.image) {
      caseProblems.addAll(decoded.problems);
      continue;
    }
    const mismatch = geometryProblem(decoded.image, key.masks[k]!, file, caseId, m.format);
    if (mismatch) {
      caseProblems.add(mismatch);
      continue;
    }
    masks[k] = decoded.image;
  }
  for (let k = 0; k < key.ids.length; k++) {
    if (fileOf[k] === undefined) {
      caseProblems.add(problemAt({ file: zipName, caseId: key.ids[k]! }, 'mask.missing', `no mask for case "${key.ids[k]}" (expected ${key.ids[k]}.${maskSpec.format === 'png' ? 'png' : 'nii.gz'}).`));
    }
  }
  return masks;
}

function geometryProblem(mask: MaskImage, truth: MaskImage, file: string, caseId: string, format: 'nifti' | 'png'): Problem | undefined {
  if (mask.dims.some((d, i) => d !== truth.dims[i])) {
    const fmt = (d: number[]) => (d[2] === 1 ? `${d[0]}x${d[1]}` : d.join('x'));
    return problemAt({ file, caseId }, 'mask.wrong_dimensions', `is ${fmt(mask.dims)}; the exam is ${fmt(truth.dims)}.`, { expected: fmt(truth.dims), found: fmt(mask.dims) });
  }
  // PNG carries no reliable spacing; NIfTI must match the exam's within tolerance.
  if (format === 'nifti' && mask.spacing.some((s, i) => Math.abs(s - truth.spacing[i]!) > SPACING_TOLERANCE * Math.abs(truth.spacing[i]!))) {
    const fmt = (s: number[]) => s.map((v) => +v.toPrecision(6)).join(' x ');
    return problemAt({ file, caseId }, 'mask.wrong_spacing', `has pixel spacing ${fmt(mask.spacing)} mm; the exam's is ${fmt(truth.spacing)} mm.`, { expected: fmt(truth.spacing), found: fmt(mask.spacing) });
  }
  return undefined;
}
