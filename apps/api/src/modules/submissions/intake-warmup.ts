// Start-up rehearsal of a team's upload. A fresh process runs each function of that path for the
// first time (lazy compilation, cold inline caches, the embedded database's first statements of
// each kind), and the first upload after a restart paid for all of it: in bench:submissions
// (7 Dec) its 202 took 95-190 ms against 35-60 ms warm, and its settle and GET about twice their
// warm time. Before the process serves, this reads an in-memory upload in both encodings, runs
// the upload's checks (window-free reads: rejections, quota, same bytes, backlog) for the team
// that submitted last, and builds that team's own view (what `/api/teams/me` and a submission's
// details return). On the embedded database it also prepares and plans, without running them,
// the statements that store an upload and settle its job. Nothing is written, no request is
// counted, no client sees it.
import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { embeddedPlanner } from '../../database/data-source.factory.js';
import { BlobRepository } from '../blobs/blob.repository.js';
import { FEED_PORT, type FeedPort } from '../feed/feed-port.js';
import { ScoringJobService } from '../scoring-jobs/scoring-job.service.js';
import { TeamEntity } from '../teams/team.entity.js';
import { SubmissionEntity } from './submission.entity.js';
import { SubmissionsRepository } from './submissions.repository.js';
import { SubmissionsService, SAME_BYTES_WINDOW_MS } from './submissions.service.js';
import { readUpload } from './upload-reader.js';

/** The size of the rehearsed upload: large enough for the reader's every branch (many chunks). */
const REHEARSAL_BYTES = 1024 * 1024;

@Injectable()
export class IntakeWarmup implements OnApplicationBootstrap {
  private readonly logger = new Logger('IntakeWarmup');

  constructor(
    private readonly dataSource: DataSource,
    private readonly submissions: SubmissionsService,
    private readonly repository: SubmissionsRepository,
    private readonly blobs: BlobRepository,
    private readonly jobs: ScoringJobService,
    @Optional() @Inject(FEED_PORT) private readonly feed?: FeedPort,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.rehearse();
    } catch (error) {
      // Only a missed warm-up: the first upload pays for its cold code, as it did before.
      this.logger.warn(`intake warm-up skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Returns what it went through, for tests: the encodings read, whether a team's checks and view ran, the statements planned. */
  async rehearse(): Promise<{ uploads: string[]; teamView: boolean; planned: number }> {
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
    const latest = await this.dataSource.getRepository(SubmissionEntity).find({
      select: { id: true, teamId: true, taskId: true, sha256: true },
      order: { id: 'DESC' },
      take: 1,
    });
    const team = await this.dataSource.getRepository(TeamEntity).findOne({
      where: latest[0] ? { id: latest[0].teamId } : {},
      relations: { event: true },
      order: { id: 'DESC' },
    });
    const planned = await this.planWrites();
    if (!team) return { uploads, teamView: false, planned };
    const now = new Date();
    await this.repository.rejectedSince(team.id, new Date(now.getTime() - 60_000));
    const last = latest[0];
    if (last) {
      const since = new Date(now.getTime() - SAME_BYTES_WINDOW_MS);
      await this.repository.countedSince(team.id, last.taskId, since);
      await this.repository.findSameBytes(team.id, last.taskId, last.sha256, since);
      await this.repository.teamBacklog(team.id, last.id);
    }
    await this.submissions.me(team);
    if (last) await this.submissions.details(team, String(last.id));
    return { uploads, teamView: true, planned };
  }

  /** Embedded database: the statements that store an upload and settle its job, planned, not run. */
  private async planWrites(): Promise<number> {
    const planner = embeddedPlanner(this.dataSource);
    if (!planner) return 0;
    let planned = 0;
    const plan = (sql: string, params: readonly unknown[]) => planner(sql, params).then(() => void planned++);
    await this.blobs.planPut(plan);
    await this.repository.planInsertQueued(plan);
    await this.feed?.planAppend?.(plan);
    await this.jobs.planWrites(plan);
    return planned;
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
