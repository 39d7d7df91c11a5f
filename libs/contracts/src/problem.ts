/**
 * A problem found in input, reported as data so a team or an organiser can fix it in minutes:
 * what (code + message), where (file, line, column, case id, manifest path), expected vs found.
 */
export interface Problem {
  /** Stable machine code, e.g. `csv.duplicate_id`, `nifti.wrong_dimensions`, `zip.too_many_entries`. */
  code: string;
  /** One human sentence: what is wrong, where, how to fix it. */
  message: string;
  file?: string;
  /** 1-based line in a text file (header = line 1). */
  line?: number;
  /** Column name (or 1-based index when there is no header). */
  column?: string | number;
  caseId?: string;
  expected?: string;
  found?: string;
  /** For manifest problems: the path inside event.yaml, e.g. `tasks[1].scores[0].metric`. */
  path?: string;
}

/** RFC 9457 `application/problem+json` body, as every API error is answered. */
export interface ProblemDetails {
  /** Stable URI-like identifier, e.g. `/problems/invalid-bundle`. */
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** Every structured problem found (up to a cap), for invalid content. */
  problems?: Problem[];
}
