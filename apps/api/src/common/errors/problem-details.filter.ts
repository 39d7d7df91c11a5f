// The one place errors become HTTP answers: every error leaves as application/problem+json.
// Unknown errors get a 500 with a correlation id; their details stay in the server log.
import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ProblemDetails } from '@podium/contracts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable.js';
import { DomainError } from './domain-error.js';

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
};

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** body-parser errors (too large, bad JSON) carry `status` and `type` but are not HttpExceptions. */
function isClientHttpError(error: unknown): error is { status: number; message: string; type?: string } {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

type Request = IncomingMessage & { originalUrl?: string };
/** RFC 9457 allows extension members: 500s carry the id that finds the log line, domain errors their own. */
type ProblemBody = ProblemDetails & { correlationId?: string; [extension: string]: unknown };

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<ServerResponse>();
    const problem = this.toProblem(exception, request);
    if (response.headersSent) {
      response.end();
      return;
    }
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    // A problem that says when to retry says it in the standard header too (RFC 9110).
    if ((problem.status === 429 || problem.status === 503) && typeof problem['retryAfterSeconds'] === 'number') {
      response.setHeader('Retry-After', String(problem['retryAfterSeconds']));
    }
    response.statusCode = problem.status;
    response.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
    response.end(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, request: Request): ProblemBody {
    const instance = (request.originalUrl ?? request.url ?? '').split('?')[0];
    if (exception instanceof DomainError) {
      return {
        ...exception.extensions,
        type: `/problems/${exception.code}`,
        title: exception.title,
        status: exception.status,
        detail: exception.detail,
        instance,
        ...(exception.problems ? { problems: exception.problems } : {}),
      };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const title = STATUS_TITLES[status] ?? 'Request error';
      return { type: `/problems/${slug(title)}`, title, status, detail: exception.message, instance };
    }
    if (isClientHttpError(exception)) {
      const title = STATUS_TITLES[exception.status] ?? 'Request error';
      return { type: `/problems/${slug(title)}`, title, status: exception.status, detail: exception.message, instance };
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable on ${request.method} ${instance}: ${exception instanceof Error ? exception.message : String(exception)}`);
      return {
        type: '/problems/database-unavailable',
        title: 'Service unavailable',
        status: 503,
        detail: `The database is briefly unreachable. Retry in ${DATABASE_RETRY_AFTER_SECONDS} s; an upload retried with the same Idempotency-Key is never recorded twice.`,
        instance,
        retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      };
    }
    const correlationId = randomUUID();
    this.logger.error(
      `Unhandled error ${correlationId} on ${request.method} ${instance}`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    return {
      type: '/problems/internal-error',
      title: 'Internal server error',
      status: 500,
      detail: `An unexpected error occurred; quote correlation id ${correlationId} to the organisers.`,
      instance,
      correlationId,
    };
  }
}
