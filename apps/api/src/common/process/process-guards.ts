// Last line of defence for a running server: an error nobody handled (a rejected promise without
// a catch, an 'error' event without a listener) is logged with its stack and the process keeps
// serving. Node's default - exit - would stop the round for every team because of one request.
// Boot failures are not covered: main() catches them and exits, as a half-started server must.
import { Logger } from '@nestjs/common';

export interface ProcessLike {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
}

const describe = (value: unknown): string => (value instanceof Error ? (value.stack ?? value.message) : String(value));

export function installProcessGuards(target: ProcessLike = process, logger = new Logger('Process')): void {
  target.on('unhandledRejection', (reason) => {
    logger.error(`Unhandled promise rejection (the server keeps running): ${describe(reason)}`);
  });
  target.on('uncaughtException', (error) => {
    logger.error(`Uncaught exception (the server keeps running): ${describe(error)}`);
  });
}
