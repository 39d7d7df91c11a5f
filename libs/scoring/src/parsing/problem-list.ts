import type { Problem } from '@podium/contracts';

/**
 * Default cap on reported problems: enough to fix a file in one go, small enough to display and
 * store. Parsers stop checking a file once it is reached (`full`), so a hostile file costs no more
 * than a hundred problems' work.
 */
export const DEFAULT_PROBLEM_CAP = 100;

/** Longest piece of the team's own text a problem quotes (cell, id, column name). */
export const QUOTE_MAX_CHARS = 80;

/** Longest problem message: a location plus a sentence, never a copy of the file. */
export const MESSAGE_MAX_CHARS = 400;

const ELLIPSIS = '\u2026';

/** `text` cut to `max` characters, the last one an ellipsis when something was cut. */
export function clipText(text: string, max = QUOTE_MAX_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}${ELLIPSIS}` : text;
}

// A quoted run in a message ("...") longer than a quote may be.
const LONG_QUOTE = new RegExp(`"([^"]{${QUOTE_MAX_CHARS + 1},})"`, 'g');

/**
 * Collects problems up to a cap; past it, only counts them, and `toArray()` ends with one
 * `problems.truncated` entry ("and N more") so a team sees the scale without a 100k-line answer.
 */
export class ProblemList {
  private readonly items: Problem[] = [];
  private dropped = 0;
  private unchecked: { line: number; rows: number } | undefined;

  constructor(private readonly cap = DEFAULT_PROBLEM_CAP) {}

  add(problem: Problem): void {
    if (this.items.length < this.cap) this.items.push(problem);
    else this.dropped++;
  }

  addAll(problems: readonly Problem[]): void {
    for (const p of problems) {
      if (p.code === 'problems.truncated') this.dropped += Number(p.found ?? 0);
      else this.add(p);
    }
  }

  /** The cap is reached: a parser stops checking here (see `stopAt`). */
  get full(): boolean {
    return this.items.length >= this.cap;
  }

  /** Records that checking stopped before `line`, leaving `rows` rows unread. */
  stopAt(line: number, rows: number): void {
    this.unchecked = { line, rows };
  }

  get count(): number {
    return this.items.length + this.dropped;
  }

  get isEmpty(): boolean {
    return this.count === 0;
  }

  toArray(): Problem[] {
    if (this.dropped === 0 && !this.unchecked) return [...this.items];
    const notListed = this.dropped > 0 ? `and ${this.dropped} more problem(s) not listed` : 'no more problems listed';
    const stopped = this.unchecked
      ? `; checking stopped after ${this.cap} problems at line ${this.unchecked.line} (${this.unchecked.rows} row(s) from there not checked)`
      : '';
    return [
      ...this.items,
      {
        code: 'problems.truncated',
        message: `${notListed}${stopped}; fix the ones above and resubmit.`,
        found: String(this.dropped),
        ...(this.unchecked ? { line: this.unchecked.line } : {}),
      },
    ];
  }
}

/** `file line N, column "c", case "id": ` prefix that every message starts with. */
export function locate(p: Pick<Problem, 'file' | 'line' | 'column' | 'caseId'>): string {
  const parts: string[] = [];
  if (p.file !== undefined) parts.push(p.file);
  if (p.line !== undefined) parts.push(`line ${p.line}`);
  if (p.column !== undefined) parts.push(`column ${typeof p.column === 'number' ? p.column : `"${p.column}"`}`);
  const where = parts.join(' ');
  if (p.caseId !== undefined) return where ? `${where} (case "${p.caseId}"): ` : `case "${p.caseId}": `;
  return where ? `${where}: ` : '';
}

/**
 * Builds a problem whose message is prefixed with its location. Whatever comes from the team's
 * file (id, column name, found value, quoted cell) is clipped to `QUOTE_MAX_CHARS`: a rejection
 * for 40 one-megabyte cells must stay a few kilobytes.
 */
export function problemAt(
  rawWhere: Pick<Problem, 'file' | 'line' | 'column' | 'caseId'>,
  code: string,
  what: string,
  rawExtra: Pick<Problem, 'expected' | 'found'> = {},
): Problem {
  const where = { ...rawWhere };
  if (where.file !== undefined) where.file = clipText(where.file, 2 * QUOTE_MAX_CHARS);
  if (typeof where.column === 'string') where.column = clipText(where.column);
  if (where.caseId !== undefined) where.caseId = clipText(where.caseId);
  const extra = { ...rawExtra };
  if (extra.found !== undefined) extra.found = clipText(extra.found);
  if (extra.expected !== undefined) extra.expected = clipText(extra.expected, 2 * QUOTE_MAX_CHARS);
  const sentence = what.replace(LONG_QUOTE, (_match, quoted: string) => `"${clipText(quoted)}"`);
  const problem: Problem = { code, message: clipText(`${locate(where)}${sentence}`, MESSAGE_MAX_CHARS), ...where, ...extra };
  for (const k of Object.keys(problem) as (keyof Problem)[]) if (problem[k] === undefined) delete problem[k];
  return problem;
}
