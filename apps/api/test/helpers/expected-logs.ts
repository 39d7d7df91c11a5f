// Tests of error paths make the server log errors on purpose. Capturing those lines (and
// asserting them) keeps a passing run free of red ERROR output, so a red line means a real problem.
import { Logger } from '@nestjs/common';
import { vi } from 'vitest';

export interface ExpectedErrors {
  /** Captured lines, "<context>: <message>", in order. */
  readonly lines: string[];
  restore(): void;
}

/** Captures Nest logger errors matching `pattern` until `restore()`; other errors still print. */
export function captureExpectedErrors(pattern: RegExp): ExpectedErrors {
  const lines: string[] = [];
  const original = Logger.prototype.error;
  const spy = vi.spyOn(Logger.prototype, 'error').mockImplementation(function (this: Logger, message: unknown, ...rest: unknown[]) {
    const line = `${(this as unknown as { context?: string }).context ?? ''}: ${String(message)}`;
    if (pattern.test(line)) lines.push(line);
    else original.call(this, message, ...rest);
  });
  return { lines, restore: () => spy.mockRestore() };
}
