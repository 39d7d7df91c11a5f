import type { IncomingMessage } from 'node:http';

/** The client's address as Express sees it (`request.ip`, which honours `trust proxy`), IPv4 unmapped. */
export function clientAddress(request: IncomingMessage): string {
  const ip = (request as IncomingMessage & { ip?: string }).ip ?? request.socket?.remoteAddress ?? 'unknown';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
