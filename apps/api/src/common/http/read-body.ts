// Reads a raw request body into memory with a hard size limit. Used for uploads (zips) that the
// JSON body parser leaves untouched; going over the limit is a 413 problem, not a crash.
import type { IncomingMessage } from 'node:http';
import { DomainError, payloadTooLarge } from '../errors/domain-error.js';

export async function readBody(request: IncomingMessage, limitBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    request.resume(); // drain so the client finishes sending and reads our answer
    throw payloadTooLarge(limitBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      // Past the limit, keep draining without buffering, then refuse.
      if (size <= limitBytes) chunks.push(chunk);
    }
  } catch (error) {
    // The client went away mid-body: its mistake, not a server error to log with a stack.
    throw new DomainError('upload-aborted', 400, 'Bad request', `The upload stopped before its end (${error instanceof Error ? error.message : String(error)}); send the whole file again.`);
  }
  if (size > limitBytes) throw payloadTooLarge(limitBytes);
  return new Uint8Array(Buffer.concat(chunks, size));
}

/** Requires `Content-Type` to be one of `accepted` (parameters ignored). */
export function requireContentType(request: IncomingMessage, accepted: string[]): void {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!accepted.includes(type)) {
    throw new DomainError(
      'unsupported-media-type',
      415,
      'Unsupported media type',
      `Expected Content-Type ${accepted.join(' or ')}, got ${type || 'none'}.`,
    );
  }
}
