import type { Problem } from '@podium/contracts';

/** Default cap on reported problems: enough to fix a file in one go, small enough to display. */
export const DEFAULT_PROBLEM_CAP = 200;

/**
 * Collects problems up to a cap; past it, only counts them, and `toArray()` ends with one
 * `problems.truncated` entry ("and N more") so a team sees the scale without a 100k-line answer.
 */
export class ProblemList {
  private readonly items: Problem[] = [];
  private dropped = 0;

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

  get count(): number {
    return this.items.length + this.dropped;
  }

  get isEmpty(): boolean {
    return this.count === 0;
  }

  toArray(): Problem[] {
    if (this.dropped === 0) return [...this.items];
    return [
      ...this.items,
      {
        code: 'problems.truncated',
        message: `and ${this.dropped} more problem(s) not listed; fix the ones above and resubmit.`,
        found: String(this.dropped),
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

/** Builds a problem whose message is prefixed with its location. */
export function problemAt(
  where: Pick<Problem, 'file' | 'line' | 'column' | 'caseId'>,
  code: string,
  what: string,
  extra: Pick<Problem, 'expected' | 'found'> = {},
): Problem {
  const problem: Problem = { code, message: `${locate(where)}${what}`, ...where, ...extra };
  for (const k of Object.keys(problem) as (keyof Problem)[]) if (problem[k] === undefined) delete problem[k];
  return problem;
}
