// Imports an event bundle (zip): validate everything first, then create or update the event in
// ONE transaction. Re-importing is how an organiser fixes a typo mid-event, so updates keep
// submissions and team tokens; only removing something that already has submissions is refused.
// Every write goes through a repository (EventImportRepository, BlobRepository, AuditRepository,
// AnswerCasesRepository); this service owns the order of the checks and writes and the
// transaction boundaries.
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { EventManifest, ImportEventResponse, Problem, TaskManifest, TeamTokenBody } from '@podium/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, invalidBundle } from '../../common/errors/domain-error.js';
import { generateToken, hashToken } from '../../common/security/token.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { BlobRepository } from '../blobs/blob.repository.js';
import { AnswerCasesRepository } from './answer-cases.repository.js';
import { ANSWER_KEY_WARMUP, type AnswerKeyWarmupPort } from './answer-key-warmup.port.js';
import type { PreparedBundle, PreparedTask } from './bundle-preparation.js';
import { prepareBundleOffLoop } from './bundle-worker.js';
import type { EventEntity } from './event.entity.js';
import { EventImportRepository } from './event-import.repository.js';

/** Where an import is: validating the bundle (worker thread), then writing (rows of answer keys). */
export interface ImportProgress {
  phase: 'validating' | 'writing';
  rows: { done: number; total: number };
}

export type ImportProgressListener = (progress: ImportProgress) => void;

@Injectable()
export class EventImportService {
  private readonly logger = new Logger('EventImport');
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventImportRepository,
    private readonly blobs: BlobRepository,
    private readonly audit: AuditRepository,
    private readonly answerCases: AnswerCasesRepository,
    @Optional() @Inject(ANSWER_KEY_WARMUP) private readonly warmup?: AnswerKeyWarmupPort,
  ) {}

  /**
   * Validates off the event loop (a worker thread), then writes in one transaction. `onProgress`
   * hears each phase and each chunk of answer-key rows written.
   */
  importZip(zip: Uint8Array, actor: string, onProgress: ImportProgressListener = () => undefined): Promise<ImportEventResponse> {
    // One import at a time in this process: two imports' answer-case chunks must not interleave.
    const run = this.running.then(() => this.runImport(zip, actor, onProgress));
    this.running = run.catch(() => undefined);
    return run;
  }

  private async runImport(zip: Uint8Array, actor: string, onProgress: ImportProgressListener): Promise<ImportEventResponse> {
    const zipSize = zip.byteLength;
    onProgress({ phase: 'validating', rows: { done: 0, total: 0 } });
    const prepared = await prepareBundleOffLoop(zip);
    if (!prepared.ok) throw invalidBundle(prepared.problems);
    const bundle = prepared.bundle;
    const rows = { done: 0, total: bundle.tasks.reduce((sum, task) => sum + task.rows, 0) };
    onProgress({ phase: 'writing', rows: { ...rows } });
    const progress = (written: number) => {
      rows.done += written;
      onProgress({ phase: 'writing', rows: { ...rows } });
    };
    const taskIds: number[] = [];
    const result = await this.dataSource.transaction((manager) => this.write(manager, bundle, actor, zipSize, taskIds));
    for (const [index, task] of bundle.tasks.entries()) await this.replaceAnswerCases(taskIds[index]!, task, progress);
    // Answered once the scoring workers hold the new keys: the first submission is not the one that parses them.
    await this.warmup?.warmTasks(taskIds);
    this.logger.log(`${result.created ? 'Created' : 'Updated'} event ${result.slug} (${result.teams.length} new team(s))`);
    return result;
  }

  /** The event, its tasks (key blobs included), teams, jury and audit entry; `taskIds` receives each task's id, in bundle order. */
  private async write(manager: EntityManager, bundle: PreparedBundle, actor: string, zipSize: number, taskIds: number[]): Promise<ImportEventResponse> {
    const manifest = bundle.manifest;
    let event = await this.events.lockEvent(manifest.slug, manager);
    const created = !event;
    if (event) {
      await this.removeDropped(manager, event, manifest);
      event.title = manifest.title;
      event.timezone = manifest.timezone;
      event.prizes = manifest.prizes ?? [];
      event = await this.events.saveEvent(event, manager);
    } else {
      event = await this.events.createEvent({ slug: manifest.slug, title: manifest.title, timezone: manifest.timezone, prizes: manifest.prizes ?? [] }, manager);
    }

    for (const [position, taskManifest] of manifest.tasks.entries()) {
      const prepared = bundle.tasks[position];
      if (prepared?.slug !== taskManifest.slug) throw new Error(`bundle preparation returned no rows for task ${taskManifest.slug}`);
      taskIds.push(await this.upsertTask(manager, event.id, position, taskManifest, prepared));
    }
    const teams = await this.upsertTeams(manager, event.id, manifest);
    await this.upsertJury(manager, event.id, manifest);

    await this.audit.append(
      {
        actor,
        action: created ? 'event.create' : 'event.update',
        target: `event:${manifest.slug}`,
        details: {
          zipBytes: zipSize,
          tasks: manifest.tasks.map((task) => task.slug),
          teams: manifest.teams.length,
          newTeams: teams.map((team) => team.slug),
        },
      },
      manager,
    );
    return { slug: manifest.slug, created, teams };
  }

  /** Tasks and teams absent from the new manifest are deleted, unless they have submissions. */
  private async removeDropped(manager: EntityManager, event: EventEntity, manifest: EventManifest): Promise<void> {
    const keepTasks = new Set(manifest.tasks.map((task) => task.slug));
    const keepTeams = new Set(manifest.teams.map((team) => team.slug));
    const droppedTasks = (await this.events.tasksOf(event.id, manager)).filter((task) => !keepTasks.has(task.slug));
    const droppedTeams = (await this.events.teamsOf(event.id, manager)).filter((team) => !keepTeams.has(team.slug));
    const problems: Problem[] = [];
    for (const task of droppedTasks) {
      const count = await this.events.countTaskSubmissions(task.id, manager);
      if (count > 0) problems.push(stillHasSubmissions('task', task.slug, count, ' (change its dates instead)'));
    }
    for (const team of droppedTeams) {
      const count = await this.events.countTeamSubmissions(team.id, manager);
      if (count > 0) problems.push(stillHasSubmissions('team', team.slug, count));
    }
    if (problems.length > 0) {
      throw new DomainError(
        'bundle-conflict',
        422,
        'Event bundle conflicts with recorded submissions',
        `The update would delete ${problems.length} task(s)/team(s) that already have submissions; submissions are never deleted by an import.`,
        problems,
      );
    }
    if (droppedTasks.length > 0) await this.events.deleteTasks(droppedTasks.map((task) => task.id), manager);
    if (droppedTeams.length > 0) await this.events.deleteTeams(droppedTeams.map((team) => team.id), manager);
  }

  private async upsertTask(
    manager: EntityManager,
    eventId: number,
    position: number,
    manifest: TaskManifest,
    prepared: PreparedTask,
  ): Promise<number> {
    const answerKeySha256 = await this.blobs.put(await this.blobs.stage(prepared.answerKey, prepared.answerKeySha256), manager);
    const answerMasksSha256 = prepared.answerMasks
      ? await this.blobs.put(await this.blobs.stage(prepared.answerMasks, prepared.answerMasksSha256!), manager)
      : null;
    const existing = await this.events.findTask(eventId, manifest.slug, manager);
    if (existing) await this.events.assertNotFinalized(existing.id, manager);
    const taskId = await this.events.saveTask(
      existing,
      { eventId, slug: manifest.slug },
      {
        position,
        titleEn: manifest.title.en,
        titleFr: manifest.title.fr,
        opensAt: new Date(manifest.opens_at),
        closesAt: new Date(manifest.closes_at),
        freezeAt: manifest.freeze_at ? new Date(manifest.freeze_at) : null,
        graceSeconds: manifest.grace_seconds ?? 0,
        quotaSubmissions: manifest.quota?.submissions ?? null,
        quotaPerMinutes: manifest.quota?.per_minutes ?? null,
        leaderboardPolicy: manifest.leaderboard,
        precision: manifest.precision ?? null,
        maxUploadMb: manifest.max_upload_mb ?? null,
        submissionSpec: manifest.submission,
        scores: manifest.scores,
        ranking: manifest.ranking ?? null,
        answerKeySha256,
        answerMasksSha256,
      },
      manager,
    );
    // A re-imported task may rank differently: its verifications no longer stand.
    if (existing) await this.events.voidVerifications(taskId, 'event.update: the task was re-imported', new Date(), manager);
    return taskId;
  }

  /**
   * The task's answer-case rows (a server-side record of the key: scoring reads the key blob,
   * stored in the event's transaction) are replaced chunk by chunk, each chunk its own short
   * transaction, the event loop free in between. The embedded database runs one transaction at
   * a time: 200,000 rows in the event's transaction held every other request (`/api/health`
   * included) for its whole length. The first chunk's transaction removes the old key's rows.
   */
  private async replaceAnswerCases(taskId: number, prepared: PreparedTask, progress: (rows: number) => void): Promise<void> {
    const chunks = prepared.chunks.length > 0 ? prepared.chunks : [null];
    for (const [index, chunk] of chunks.entries()) {
      await this.answerCases.writeChunk(taskId, chunk?.json ?? null, index === 0);
      if (chunk) progress(chunk.rows);
      // Database calls chain as microtasks: without this, timers and sockets wait for the last chunk.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async upsertTeams(manager: EntityManager, eventId: number, manifest: EventManifest): Promise<TeamTokenBody[]> {
    const existing = new Map((await this.events.teamsOf(eventId, manager)).map((team) => [team.slug, team]));
    const tokens: TeamTokenBody[] = [];
    for (const team of manifest.teams) {
      const current = existing.get(team.slug);
      if (current) {
        await this.events.updateTeam(current.id, { name: team.name, category: team.category ?? null }, manager);
        continue;
      }
      const token = generateToken();
      await this.events.insertTeam(
        {
          eventId,
          slug: team.slug,
          name: team.name,
          category: team.category ?? null,
          tokenHash: hashToken(token),
          tokenRotatedAt: new Date(),
        },
        manager,
      );
      tokens.push({ slug: team.slug, token });
    }
    return tokens;
  }

  private async upsertJury(manager: EntityManager, eventId: number, manifest: EventManifest): Promise<void> {
    const keep = new Set(manifest.jury.map((member) => member.login));
    const existing = await this.events.juryOf(eventId, manager);
    const dropped = existing.filter((member) => !keep.has(member.login));
    if (dropped.length > 0) await this.events.deleteJuryMembers(dropped.map((member) => member.id), manager);
    const byLogin = new Map(existing.map((member) => [member.login, member]));
    for (const member of manifest.jury) {
      const current = byLogin.get(member.login);
      if (current) await this.events.updateJuryMember(current.id, { name: member.name, role: member.role }, manager);
      else await this.events.insertJuryMember({ eventId, login: member.login, name: member.name, role: member.role, passwordHash: null }, manager);
    }
  }
}

function stillHasSubmissions(what: 'task' | 'team', slug: string, count: number, advice = ''): Problem {
  const label = what === 'task' ? 'Task' : 'Team';
  return {
    code: `bundle.${what}_has_submissions`,
    path: `${what}s`,
    message: `${label} "${slug}" is missing from the bundle but already has ${count} submission(s); keep it in event.yaml${advice}.`,
    found: slug,
  };
}
