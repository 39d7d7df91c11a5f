import { expect } from 'vitest';
import type { Problem } from '@podium/contracts';

/**
 * Asserts the input was refused with exactly one problem of this code at this location (other
 * fields are compared only when given) and that the message names the location.
 */
export function expectSingleProblem(result: { problems: Problem[] }, expected: Partial<Problem> & { code: string }): Problem {
  expect(result.problems.map((p) => p.code)).toEqual([expected.code]);
  const problem = result.problems[0]!;
  expect(problem).toMatchObject(expected);
  if (expected.file) expect(problem.message).toContain(expected.file);
  if (expected.line !== undefined) expect(problem.message).toContain(`line ${expected.line}`);
  if (expected.caseId !== undefined) expect(problem.message).toContain(expected.caseId);
  return problem;
}

/** Some problem of this code at this location, among others the same input rightly causes. */
export function expectProblem(result: { problems: Problem[] }, expected: Partial<Problem> & { code: string }): Problem {
  const match = result.problems.find((p) => p.code === expected.code);
  expect(match, `no ${expected.code} in ${JSON.stringify(result.problems.map((p) => p.code))}`).toBeDefined();
  expect(match).toMatchObject(expected);
  return match!;
}
