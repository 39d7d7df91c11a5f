// CSV as teams really write it: `,`, `;` or tab separators (detected from the header, refused when
// ambiguous), a UTF-8 BOM from Excel, CRLF, quoted fields, decimal commas. Unquoted files - nearly
// all submissions - go through a dedicated splitter (~8x faster than csv-parse on 100k rows, ~30x
// than csv-parse with line info: `npm run bench:scoring -- table`); as soon as a quote appears
// the whole file goes to csv-parse, which owns the hard cases (separators, quotes and newlines
// inside quotes).
import { parse } from 'csv-parse/sync';
import type { Problem } from '@podium/contracts';
import { problemAt } from './problem-list.js';

export type Separator = ',' | ';' | '\t';

/**
 * A parsed table. Cells are read through `cell`/`number` rather than a `string[][]`: the unquoted
 * path keeps only offsets into the text and parses numbers in place, which is what makes 100k rows
 * fit in a few milliseconds (no per-cell string for numeric columns).
 */
export interface CsvTable {
  /** Header cells, trimmed. */
  header: string[];
  separator: Separator;
  /** Data rows (blank lines and rows of empty cells dropped). */
  rowCount: number;
  /** 1-based line number of each row in the file (header = line 1). */
  line(row: number): number;
  /** Number of fields found on the row (may differ from the header's). */
  fieldCount(row: number): number;
  /** Raw cell text ('' past the end of a short row). */
  cell(row: number, column: number): string;
  /** The cell as a finite number, or NaN when it is not one (then ask `parseNumberCell` why). */
  number(row: number, column: number): number;
  /** Unquoted files only: where a cell lies in `text`, to read it without making a string. */
  source?: CsvSource;
}

/** Cell `c` of row `r` is `text.slice(starts[r * width + c], ends[r * width + c])` when `c < fieldCount(r)`. */
export interface CsvSource {
  text: string;
  width: number;
  starts: Int32Array;
  ends: Int32Array;
}

export interface CsvParseResult {
  table?: CsvTable;
  problems: Problem[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Widest table read: far above any task's columns, far below what the row index can hold. */
export const MAX_COLUMNS = 1000;
/**
 * Most cells the unquoted splitter indexes (rows x header width; two Int32 offsets each, so
 * 256 MB at the limit): a longer table is refused where it crosses the limit instead of
 * failing the allocation.
 */
export const MAX_CELLS = 32 * 1024 * 1024;
const SEPARATOR_NAMES: Record<Separator, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** Splits a CSV file into header + rows; only structural problems here (no column meaning). */
export function parseCsvTable(bytes: Uint8Array, fileName: string): CsvParseResult {
  const fail = (code: string, what: string, extra: Pick<Problem, 'line' | 'expected' | 'found'> = {}): CsvParseResult => {
    const { line, ...rest } = extra;
    return { problems: [problemAt({ file: fileName, ...(line !== undefined ? { line } : {}) }, code, what, rest)] };
  };
  if (bytes.length === 0) return fail('csv.empty', 'is empty; it needs a header line and one line per case.');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    if (looksBinary(bytes)) return fail('csv.binary', 'is not a text file; export the table as CSV.');
    // Excel on Windows may save Latin-1; ids and numbers are ASCII, so decoding it is safe.
    text = new TextDecoder('latin1').decode(bytes);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\0')) return fail('csv.binary', 'is not a text file (it contains NUL bytes); export the table as CSV.');
  const headerEnd = firstRecordEnd(text);
  const headerLine = text.slice(0, headerEnd).replace(/\r$/, '');
  if (headerLine.trim() === '') return fail('csv.missing_header', 'has no header on line 1; the first line must name the columns.', { line: 1 });
  const found = (Object.keys(SEPARATOR_NAMES) as Separator[]).filter((s) => countOutsideQuotes(headerLine, s) > 0);
  if (found.length === 0) {
    return fail('csv.no_separator', `header "${clip(headerLine)}" has a single column; separate columns with "," or ";".`, { line: 1, expected: ', or ;', found: 'none' });
  }
  if (found.length > 1) {
    return fail(
      'csv.ambiguous_separator',
      `header "${clip(headerLine)}" contains both ${found.map((s) => SEPARATOR_NAMES[s]).join(' and ')}; use one separator only.`,
      { line: 1, expected: 'one of , ; tab', found: found.map((s) => SEPARATOR_NAMES[s]).join(' + ') },
    );
  }
  const separator = found[0]!;
  const columns = countOutsideQuotes(headerLine, separator) + 1;
  if (columns > MAX_COLUMNS) {
    return fail('csv.too_many_columns', `header has ${columns} columns: too many columns (at most ${MAX_COLUMNS}); keep the id and prediction columns.`, {
      line: 1,
      expected: `at most ${MAX_COLUMNS} columns`,
      found: String(columns),
    });
  }
  const table = text.includes('"') ? splitQuoted(text, separator, fileName) : splitPlain(text, separator, fileName);
  if ('problems' in table) return { problems: table.problems };
  if (table.rowCount === 0) return { table, problems: [problemAt({ file: fileName }, 'csv.no_rows', 'has a header but no data rows.')] };
  return { table, problems: [] };
}

/** The fast path: no quote anywhere, so a separator or newline always ends a field. */
function splitPlain(text: string, separator: Separator, fileName: string): CsvTable | { problems: Problem[] } {
  const sep = separator.charCodeAt(0);
  const n = text.length;
  let headerEnd = text.indexOf('\n');
  if (headerEnd < 0) headerEnd = n;
  const header = text.slice(0, headerEnd).replace(/\r$/, '').split(separator).map((c) => c.trim());
  const width = header.length;
  let capacity = 1024;
  let starts = new Int32Array(capacity * width);
  let ends = new Int32Array(capacity * width);
  let counts = new Int32Array(capacity);
  let lineNo = new Int32Array(capacity);
  let rows = 0;
  let line = 1;
  let start = headerEnd + 1;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    line++;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (rows === capacity) {
      if (capacity * width >= MAX_CELLS) {
        return {
          problems: [
            problemAt({ file: fileName, line }, 'csv.too_large', `the table goes past ${MAX_CELLS} cells (${rows} rows of ${width} columns) here; send one row per case and only the task's columns.`, {
              expected: `at most ${MAX_CELLS} cells`,
            }),
          ],
        };
      }
      capacity = Math.min(capacity * 2, Math.ceil(MAX_CELLS / width));
      starts = grow(starts, capacity * width);
      ends = grow(ends, capacity * width);
      counts = grow(counts, capacity);
      lineNo = grow(lineNo, capacity);
    }
    // Excel's padding rows (";;", spaces) hold nothing to score: skip them.
    let first = start;
    while (first < stop) {
      const c = text.charCodeAt(first);
      if (c !== 32 && c !== 9 && c !== sep) break;
      first++;
    }
    if (first < stop) {
      // Fields end at the next separator: indexOf scans in native code, far faster than a JS loop.
      const base = rows * width;
      let field = 0;
      let fieldStart = start;
      for (;;) {
        let at = text.indexOf(separator, fieldStart);
        if (at < 0 || at > stop) at = stop;
        if (field < width) {
          starts[base + field] = fieldStart;
          ends[base + field] = at;
        }
        field++;
        if (at === stop) break;
        fieldStart = at + 1;
      }
      counts[rows] = field;
      lineNo[rows] = line;
      rows++;
    }
    start = end + 1;
  }
  return {
    header,
    separator,
    rowCount: rows,
    line: (r) => lineNo[r]!,
    fieldCount: (r) => counts[r]!,
    cell: (r, c) => (c < counts[r]! && c < width ? text.slice(starts[r * width + c]!, ends[r * width + c]!) : ''),
    number: (r, c) => (c < counts[r]! && c < width ? numberAt(text, starts[r * width + c]!, ends[r * width + c]!) : Number.NaN),
    source: { text, width, starts, ends },
  };
}

function grow(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

function splitQuoted(text: string, separator: Separator, fileName: string): CsvTable | { problems: Problem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter: separator, relax_column_count: true, info: true, skip_empty_lines: true }) as never;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    const reason = error instanceof Error ? error.message.replace(/^[A-Z_]+:\s*/, '') : String(error);
    return {
      problems: [
        problemAt({ file: fileName, ...(line ? { line } : {}) }, 'csv.malformed', `cannot be read as CSV (${reason}); check the quotes around that line.`),
      ],
    };
  }
  const [first, ...rest] = records;
  const rows: string[][] = [];
  const lines: number[] = [];
  for (const r of rest) {
    if (isBlankRow(r.record)) continue;
    rows.push(r.record);
    lines.push(r.info.lines);
  }
  const cell = (r: number, c: number) => rows[r]![c] ?? '';
  return {
    header: (first?.record ?? []).map((c) => c.trim()),
    separator,
    rowCount: rows.length,
    line: (r) => lines[r]!,
    fieldCount: (r) => rows[r]!.length,
    cell,
    number: (r, c) => {
      const parsed = parseNumberCell(cell(r, c));
      return parsed.ok ? parsed.value : Number.NaN;
    },
  };
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Parses text[start, end) as a number without making a string. Plain decimals of at most 15
 * digits take Clinger's exact path (integer / exact power of ten is correctly rounded, so the
 * result is bit-identical to `Number()`); anything else goes through `parseNumberCell`.
 */
function numberAt(text: string, start: number, end: number): number {
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  let i = start;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let seenPoint = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      if (mantissa !== 0) digits++;
      if (seenPoint) fraction++;
    } else if (c === 46 && !seenPoint) seenPoint = true;
    else break;
  }
  const sawDigit = i > start + (negative || first === 43 ? 1 : 0) + (seenPoint ? 1 : 0);
  if (i === end && sawDigit && digits <= 15 && fraction <= 22) {
    const value = fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
    return negative ? -value : value;
  }
  const parsed = parseNumberCell(text.slice(start, end));
  return parsed.ok ? parsed.value : Number.NaN;
}

/** Excel pads tables with rows like ";;" - nothing to score there. */
function isBlankRow(cells: string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}

function firstRecordEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted) return i;
  }
  return text.length;
}

function countOutsideQuotes(line: string, ch: string): number {
  let count = 0;
  // No quote (nearly every header): indexOf scans in native code, so a 20 MB header costs
  // milliseconds before it is refused for its width.
  if (!line.includes('"')) {
    for (let at = line.indexOf(ch); at >= 0; at = line.indexOf(ch, at + 1)) count++;
    return count;
  }
  const code = ch.charCodeAt(0);
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === code && !quoted) count++;
  }
  return count;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 512);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13)) control++;
  }
  return control > 0;
}

function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}

/** Header names match case- and space-insensitively: " Probability " is "probability". */
export function columnKey(name: string): string {
  return name.replace(/\s+/g, '').toLowerCase();
}

export type NumberCell = { ok: true; value: number } | { ok: false; reason: 'empty' | 'nan' | 'infinite' | 'not_a_number' };

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// One comma, digits on both sides: "0,80". A field can only hold a comma in a ","-separated file
// when it was quoted, so this is exactly "decimal comma with ; or in a quoted field".
const DECIMAL_COMMA = /^[+-]?\d+,\d+(?:[eE][+-]?\d+)?$/;
const NAN = /^[+-]?nan$/i;
const INF = /^[+-]?(?:inf|infinity)$/i;

/** Strict number parsing: `Number()` would take "", "0x1f" and " " as numbers. */
export function parseNumberCell(cell: string): NumberCell {
  const t = cell.trim();
  if (t === '') return { ok: false, reason: 'empty' };
  let value: number;
  if (DECIMAL.test(t)) value = Number(t);
  else if (DECIMAL_COMMA.test(t)) value = Number(t.replace(',', '.'));
  else if (NAN.test(t)) return { ok: false, reason: 'nan' };
  else if (INF.test(t)) return { ok: false, reason: 'infinite' };
  else return { ok: false, reason: 'not_a_number' };
  // "1e999" is syntactically a number but overflows to Infinity.
  if (!Number.isFinite(value)) return { ok: false, reason: 'infinite' };
  return { ok: true, value };
}
