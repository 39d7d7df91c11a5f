// Start-up rehearsal of the reading half of a team's upload. A fresh process runs each function of
// that path for the first time (lazy compilation, cold inline caches, the embedded database's
// first statements of each kind), and the first upload after a restart paid for all of it: in
// bench:submissions (7 Dec) its 202 took 95-190 ms against 35-60 ms warm, and its settle and GET
// about twice their warm time. Before the process serves, this reads an in-memory upload in both
// encodings and builds one team's own view (what `/api/teams/me` and a submission's details
// return). Reads only: nothing is written, no request is counted, no client sees it.
import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TeamEntity } from '../teams/team.entity.js';
import { SubmissionEntity } from './submission.entity.js';
import { SubmissionsService } from './submissions.service.js';
import { readUpload } from './upload-reader.js';

/** The size of the rehearsed upload: large enough for the reader's every branch (many chunks). */
const REHEARSAL_BYTES = 1024 * 1024;

@Injectable()
export class IntakeWarmup implements OnApplicationBootstrap {
  private readonly logger = new Logger('IntakeWarmup');

  constructor(
    private readonly dataSource: DataSource,
    private readonly submissions: SubmissionsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.rehearse();
    } catch (error) {
      // Only a missed warm-up: the first upload pays for its cold code, as it did before.
      this.logger.warn(`intake warm-up skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Returns what it went through, for tests: the encodings read and whether a team's view was built. */
  async rehearse(): Promise<{ uploads: string[]; teamView: boolean }> {
    const bytes = Buffer.alloc(REHEARSAL_BYTES, 7);
    const uploads: string[] = [];
    for (const [type, body] of [
      ['application/octet-stream', bytes],
      ['multipart/form-data; boundary=podium-warmup', multipart('podium-warmup', bytes)],
    ] as const) {
      const upload = await readUpload(inMemoryRequest(type, body), { maxBytes: 2 * REHEARSAL_BYTES, deadline: null, now: () => new Date() });
      if (upload.bytes.byteLength === REHEARSAL_BYTES) uploads.push(type.split(';')[0]!);
    }
    // The team that submitted last (the event being run), else the newest team, if any.
    const latest = await this.dataSource.getRepository(SubmissionEntity).find({ select: { id: true, teamId: true }, order: { id: 'DESC' }, take: 1 });
    const team = await this.dataSource.getRepository(TeamEntity).findOne({
      where: latest[0] ? { id: latest[0].teamId } : {},
      relations: { event: true },
      order: { id: 'DESC' },
    });
    if (!team) return { uploads, teamView: false };
    await this.submissions.me(team);
    if (latest[0]) await this.submissions.details(team, String(latest[0].id));
    return { uploads, teamView: true };
  }
}

/** A request whose body is `body`, as the HTTP server hands it to the upload reader. */
function inMemoryRequest(contentType: string, body: Buffer): IncomingMessage {
  const stream = new PassThrough();
  Object.assign(stream, { headers: { 'content-type': contentType, 'content-length': String(body.length), 'x-file-name': 'warmup.zip' } });
  // In chunks, as a socket delivers them.
  for (let at = 0; at < body.length; at += 64 * 1024) stream.write(body.subarray(at, at + 64 * 1024));
  stream.end();
  return stream as unknown as IncomingMessage;
}

function multipart(boundary: string, file: Buffer): Buffer {
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="warmup.zip"\r\nContent-Type: application/zip\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
}
