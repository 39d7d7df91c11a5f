// Domain errors carry a stable code and an HTTP status; the global filter turns them into
// application/problem+json. Services throw these, never Nest's HttpExceptions.
import type { Problem } from '@podium/contracts';

/** The members every problem body has; extensions may not replace them. */
export const PROBLEM_STANDARD_MEMBERS = ['type', 'title', 'status', 'detail', 'instance', 'problems'] as const;

/**
 * RFC 9457 extension members: machine-readable facts a client acts on (e.g. when to retry),
 * documented per problem type in OpenAPI. JSON values only.
 */
export type ProblemExtensions = Record<string, string | number | boolean | null>;

export class DomainError extends Error {
  constructor(
    /** Stable kebab-case code; the problem `type` is `/problems/<code>`. */
    readonly code: string,
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly problems?: Problem[],
    readonly extensions?: ProblemExtensions,
  ) {
    super(detail);
    this.name = 'DomainError';
    const clash = Object.keys(extensions ?? {}).find((k) => (PROBLEM_STANDARD_MEMBERS as readonly string[]).includes(k));
    if (clash) throw new Error(`problem extension "${clash}" would replace a standard member`);
  }
}

export const notFound = (what: string, detail: string) => new DomainError(`${what}-not-found`, 404, `${capitalise(what)} not found`, detail);

export const unauthorized = (detail: string) => new DomainError('unauthorized', 401, 'Unauthorized', detail);

export const invalidBundle = (problems: Problem[]) =>
  new DomainError(
    'invalid-bundle',
    422,
    'Invalid event bundle',
    `The event bundle has ${problems.length} problem${problems.length === 1 ? '' : 's'}; fix them all and import again.`,
    problems,
  );

export const payloadTooLarge = (limitBytes: number) =>
  new DomainError(
    'payload-too-large',
    413,
    'Payload too large',
    `The request body is larger than the limit of ${limitBytes} bytes.`,
  );

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
