import type { ArgumentsHost } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';

/** Runs the filter on `error` and returns the status and parsed body it wrote. */
function answer(error: unknown): { status: number; body: Record<string, unknown> } {
  const written: { status: number; body: string } = { status: 0, body: '' };
  const response = {
    headersSent: false,
    set statusCode(value: number) {
      written.status = value;
    },
    setHeader: () => undefined,
    end: (body: string) => void (written.body = body),
  };
  const host = { switchToHttp: () => ({ getRequest: () => ({ url: '/api/x?y=1', method: 'POST' }), getResponse: () => response }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(error, host);
  return { status: written.status, body: JSON.parse(written.body) as Record<string, unknown> };
}

describe('ProblemDetailsFilter', () => {
  it('keeps the extension members a domain error carries next to the standard ones', () => {
    const error = new DomainError('quota-exceeded', 429, 'Quota', 'Wait.', undefined, { nextSlotAt: '2026-01-01T00:00:00.000Z', retryAfterSeconds: 12 });
    expect(answer(error)).toEqual({
      status: 429,
      body: { type: '/problems/quota-exceeded', title: 'Quota', status: 429, detail: 'Wait.', instance: '/api/x', nextSlotAt: '2026-01-01T00:00:00.000Z', retryAfterSeconds: 12 },
    });
  });

  it('refuses an extension that would replace a standard member', () => {
    expect(() => new DomainError('x', 400, 'X', 'x', undefined, { status: 200 })).toThrow(/"status" would replace a standard member/);
  });

  it('answers 503 with Retry-After when the database cannot be reached, 500 for anything else', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const shutdown = Object.assign(new Error('query failed'), { driverError: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }) });
    const terminated = new Error('Connection terminated unexpectedly');
    for (const error of [refused, shutdown, terminated]) {
      const { status, body } = answer(error);
      expect(status).toBe(503);
      expect(body).toMatchObject({ type: '/problems/database-unavailable', status: 503, retryAfterSeconds: 5 });
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|5432|administrator/);
    }
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(answer(unique).status).toBe(500);
  });
});
