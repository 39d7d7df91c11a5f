// Imports answered `202` at once and followed with `GET /api/admin/imports/:id` (a 2-million-row
// key takes minutes; a client should not hold one request open that long). The job runs the
// same EventImportService.importZip as the synchronous call. Kept in this process's memory: an
// import id is known to the node that took it, for an hour after it ends.
import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { ImportJobResponse, ProblemDetails } from '@podium/contracts';
import { DomainError, notFound } from '../../common/errors/domain-error.js';
import { EventImportService } from './event-import.service.js';

const KEEP_FINISHED_MS = 60 * 60_000;

@Injectable()
export class ImportJobsService {
  private readonly logger = new Logger('EventImport');
  private readonly jobs = new Map<string, ImportJobResponse>();

  constructor(private readonly importer: EventImportService) {}

  /** Starts the import and answers its first state; the work goes on after this returns. */
  start(zip: Uint8Array, actor: string): ImportJobResponse {
    this.forgetOld();
    const job: ImportJobResponse = {
      id: randomUUID(),
      status: 'running',
      phase: 'validating',
      rows: { done: 0, total: 0 },
      startedAt: new Date().toISOString(),
      finishedAt: null,
      result: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    void this.importer
      .importZip(zip, actor, (progress) => {
        job.phase = progress.phase;
        job.rows = progress.rows;
      })
      .then(
        (result) => Object.assign(job, { status: 'succeeded', phase: 'done', result }),
        (error: unknown) => Object.assign(job, { status: 'failed', error: this.problemOf(error, job.id) }),
      )
      .finally(() => (job.finishedAt = new Date().toISOString()));
    return { ...job };
  }

  get(id: string): ImportJobResponse {
    const job = this.jobs.get(id);
    if (!job) throw notFound('import', `No import "${id}" on this server (imports are kept for an hour after they end, on the node that took them).`);
    return { ...job };
  }

  /** The problem the synchronous call would answer; an unexpected error keeps its details in the log. */
  private problemOf(error: unknown, id: string): ProblemDetails {
    if (error instanceof DomainError) {
      return {
        type: `/problems/${error.code}`,
        title: error.title,
        status: error.status,
        detail: error.detail,
        ...(error.problems ? { problems: error.problems } : {}),
      };
    }
    this.logger.error(`import ${id} failed`, error instanceof Error ? error.stack : String(error));
    return {
      type: '/problems/internal-error',
      title: 'Internal server error',
      status: 500,
      detail: `The import stopped on an unexpected error; quote import id ${id} to the organisers.`,
    };
  }

  private forgetOld(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) if (job.finishedAt && now - Date.parse(job.finishedAt) > KEEP_FINISHED_MS) this.jobs.delete(id);
  }
}
