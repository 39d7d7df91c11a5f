// CSV as teams and organisers really write it: plain (`,`, `.` decimals, LF) or the way Excel
// saves it on a French-locale machine (UTF-8 BOM, `;` separator, decimal comma, CRLF), which
// the submission parser must accept.
export type CsvStyle = 'plain' | 'excel-fr';

export const CSV_STYLES: readonly CsvStyle[] = ['plain', 'excel-fr'];

const encoder = new TextEncoder();

function formatCell(value: string | number, style: CsvStyle): string {
  if (typeof value === 'string') return value;
  const text = String(value);
  return style === 'excel-fr' ? text.replace('.', ',') : text;
}

/** Encodes a header and rows (numbers already rounded by the caller) as UTF-8 CSV bytes. */
export function writeCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[], style: CsvStyle = 'plain'): Uint8Array {
  const separator = style === 'excel-fr' ? ';' : ',';
  const newline = style === 'excel-fr' ? '\r\n' : '\n';
  const lines = [header.join(separator), ...rows.map((row) => row.map((cell) => formatCell(cell, style)).join(separator))];
  return encoder.encode((style === 'excel-fr' ? '\uFEFF' : '') + lines.join(newline) + newline);
}

/** Rounds to `decimals` places (keeps CSVs short and human-readable). */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
