// TypeORM's failed queries go through the Nest logger ('Database' context) like every other
// log line: one format, and tests of error paths capture them the same way (test/helpers/expected-logs.ts).
import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

export class TypeOrmNestLogger implements TypeOrmLogger {
  private readonly logger = new Logger('Database');

  logQueryError(error: string | Error, query: string, parameters?: unknown[] | Record<string, unknown>): void {
    const reason = typeof error === 'string' ? error : error.message;
    const params = parameters && (Array.isArray(parameters) ? parameters.length > 0 : Object.keys(parameters).length > 0) ? ` -- parameters: ${JSON.stringify(parameters).slice(0, 500)}` : '';
    this.logger.error(`query failed: ${query}${params} -- ${reason}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`query took ${time} ms: ${query}`);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }

  // Queries, schema builds and migrations are not logged (logging: ['error']).
  logQuery(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
}
