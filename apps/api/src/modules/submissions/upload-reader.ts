// Reads a submission upload: a multipart/form-data body with the file in field `file`, or the
// raw body (any other content type). Bounded in size (413 once past the limit, without buffering
// the rest) and in time (the task's upload deadline: closes_at + grace), and timed: the instant
// the body was complete is the submission's `received_at`.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { DomainError, payloadTooLarge } from '../../common/errors/domain-error.js';

export interface Upload {
  bytes: Uint8Array;
  /** Hex sha256 of `bytes`, hashed chunk by chunk as they arrived (no long hash on the event loop). */
  sha256: string;
  fileName: string;
  /** When the last byte arrived (server clock). */
  completedAt: Date;
}

export interface UploadLimits {
  maxBytes: number;
  /** Abort when the body is not complete by `at`, answering `error`; null = no deadline. */
  deadline: { at: Date; error: () => DomainError } | null;
  now: () => Date;
}

const DEFAULT_FILE_NAME = 'submission';

export const missingFile = () =>
  new DomainError(
    'submission-file-missing',
    400,
    'No file in the request',
    'Send the file as the multipart/form-data field "file" (curl -F file=@predictions.csv) or as the raw request body.',
  );

/** The client went away mid-body: its mistake (a 400 nobody reads), not a server error to log. */
const uploadAborted = (error: Error) =>
  new DomainError('upload-aborted', 400, 'Bad request', `The upload stopped before its end (${error.message}); send the whole file again.`);

/** A file name from a header, reduced to its last path segment and printable characters. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[^\p{L}\p{N}._ -]/gu, '_').trim().slice(0, 200);
  return base === '' ? DEFAULT_FILE_NAME : base;
}

export function readUpload(request: IncomingMessage, limits: UploadLimits): Promise<Upload> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes + 64 * 1024) {
    request.resume();
    return Promise.reject(payloadTooLarge(limits.maxBytes));
  }
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  // The JSON body parser has already consumed an application/json body: nothing left to read.
  if (request.readableEnded) {
    return Promise.reject(
      new DomainError('unsupported-media-type', 415, 'Unsupported media type', 'Send the file as multipart/form-data (field "file") or as a raw body with Content-Type application/octet-stream, not as JSON.'),
    );
  }
  const reading = type.startsWith('multipart/form-data') ? readMultipart(request, limits) : readRaw(request, limits);
  const { deadline } = limits;
  if (!deadline) return reading;
  const ms = Math.max(0, deadline.at.getTime() - limits.now().getTime());
  return new Promise<Upload>((resolve, reject) => {
    const timer = setTimeout(() => {
      request.unpipe();
      request.resume();
      reject(deadline.error());
    }, ms);
    reading.then(
      (upload) => (clearTimeout(timer), resolve(upload)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

/** An upload's bytes, hashed chunk by chunk as they arrive (no long hash on the event loop at the end). */
class HashedBody {
  private readonly chunks: Buffer[] = [];
  private readonly hash = createHash('sha256');

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.hash.update(chunk);
  }

  done(): { bytes: Uint8Array; sha256: string } {
    return { bytes: new Uint8Array(Buffer.concat(this.chunks)), sha256: this.hash.digest('hex') };
  }
}

function readRaw(request: IncomingMessage, limits: UploadLimits): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const body = new HashedBody();
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limits.maxBytes) body.add(chunk);
    });
    request.on('error', (error: Error) => reject(uploadAborted(error)));
    request.on('end', () => {
      if (size > limits.maxBytes) return reject(payloadTooLarge(limits.maxBytes));
      if (size === 0) return reject(missingFile());
      const name = request.headers['x-file-name'];
      resolve({ ...body.done(), fileName: cleanFileName(Array.isArray(name) ? name[0] : name), completedAt: limits.now() });
    });
  });
}

function readMultipart(request: IncomingMessage, limits: UploadLimits): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { fileSize: limits.maxBytes, files: 1, fields: 20 } });
    } catch (error) {
      request.resume();
      return reject(new DomainError('invalid-multipart', 400, 'Bad request', `Unreadable multipart body: ${error instanceof Error ? error.message : String(error)}.`));
    }
    let file: { bytes: Uint8Array; sha256: string; fileName: string } | undefined;
    let tooLarge = false;
    let pending: Promise<void> = Promise.resolve();
    parser.on('file', (field, stream, info) => {
      if (field !== 'file') {
        stream.resume();
        return;
      }
      const body = new HashedBody();
      pending = new Promise<void>((done) => {
        stream.on('data', (chunk: Buffer) => body.add(chunk));
        stream.on('limit', () => (tooLarge = true));
        // A body cut before its closing boundary errors the file stream too (busboy: "Unexpected
        // end of form"); unlistened, that error would kill the process. The parser's own
        // 'error' (below) answers the 400.
        stream.on('error', () => done());
        stream.on('end', () => {
          file = { ...body.done(), fileName: cleanFileName(info.filename) };
          done();
        });
      });
    });
    parser.on('error', (error: Error) => {
      request.unpipe(parser);
      request.resume();
      reject(new DomainError('invalid-multipart', 400, 'Bad request', `Unreadable multipart body: ${error.message}.`));
    });
    parser.on('close', () => {
      void pending.then(() => {
        if (tooLarge) return reject(payloadTooLarge(limits.maxBytes));
        if (!file || file.bytes.length === 0) return reject(missingFile());
        resolve({ ...file, completedAt: limits.now() });
      });
    });
    // pipe() does not forward source errors (a client that disconnects mid-body).
    request.on('error', (error: Error) => {
      request.unpipe(parser);
      reject(uploadAborted(error));
    });
    request.pipe(parser);
  });
}
