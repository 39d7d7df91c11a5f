// Imports an event bundle (zip): validate everything first, then create or update the event in
// ONE transaction. Re-importing is how an organiser fixes a typo mid-event, so updates keep
// submissions and team tokens; only removing something that already has submissions is refused.
import * as zlib from 'node:zlib';
import { Injectable, Logger } from '@nestjs/common';
import type { DetectionNoduleTruth, EventManifest, ImportEventResponse, Problem, TaskManifest, TeamTokenBody } from '@podium/contracts';
import { type EventBundle, loadEventBundle } from '@podium/event-bundle';
import { type AnswerKey, createZlibInflater, type DetectionFinding } from '@podium/scoring';
import { DataSource, type EntityManager, In } from 'typeorm';
import { DomainError, invalidBundle } from '../../common/errors/domain-error.js';
import { generateToken, hashToken } from '../../common/security/token.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { BlobRepository } from '../blobs/blob.repository.js';
import { JuryMemberEntity } from '../jury/jury-member.entity.js';
import { assertNotFinalized } from '../jury/finalized-guard.js';
import { voidVerifications } from '../jury/verification-void.js';
import { SubmissionEntity } from '../submissions/submission.entity.js';
import { TeamEntity } from '../teams/team.entity.js';
import { AnswerCaseEntity } from './answer-case.entity.js';
import { EventEntity } from './event.entity.js';
import { TaskEntity } from './task.entity.js';

const inflate = createZlibInflater(zlib);
/** Rows per INSERT: well under PostgreSQL's 65 535 bind parameters. */
const INSERT_CHUNK = 1000;

@Injectable()
export class EventImportService {
  private readonly logger = new Logger('EventImport');

  constructor(
    private readonly dataSource: DataSource,
    private readonly blobs: BlobRepository,
    private readonly audit: AuditRepository,
  ) {}

  async importZip(zip: Uint8Array, actor: string): Promise<ImportEventResponse> {
    const { bundle, problems } = await loadEventBundle(zip, { inflate });
    if (!bundle || problems.length > 0) throw invalidBundle(problems);
    const result = await this.dataSource.transaction((manager) => this.write(manager, bundle, actor, zip.byteLength));
    this.logger.log(`${result.created ? 'Created' : 'Updated'} event ${result.slug} (${result.teams.length} new team(s))`);
    return result;
  }

  private async write(manager: EntityManager, bundle: EventBundle, actor: string, zipSize: number): Promise<ImportEventResponse> {
    const manifest = bundle.manifest;
    let event = await manager.findOne(EventEntity, { where: { slug: manifest.slug }, lock: { mode: 'pessimistic_write' } });
    const created = !event;
    if (event) {
      await this.removeDropped(manager, event, manifest);
      event.title = manifest.title;
      event.timezone = manifest.timezone;
      event.prizes = manifest.prizes ?? [];
      event = await manager.save(event);
    } else {
      event = await manager.save(manager.create(EventEntity, { slug: manifest.slug, title: manifest.title, timezone: manifest.timezone, prizes: manifest.prizes ?? [] }));
    }

    for (const [position, taskManifest] of manifest.tasks.entries()) {
      const answerKey = bundle.answerKeys.get(taskManifest.slug);
      if (!answerKey) throw new Error(`event-bundle returned no answer key for task ${taskManifest.slug}`);
      await this.upsertTask(manager, event.id, position, taskManifest, answerKey, bundle.files);
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
    const droppedTasks = (await manager.findBy(TaskEntity, { eventId: event.id })).filter((task) => !keepTasks.has(task.slug));
    const droppedTeams = (await manager.findBy(TeamEntity, { eventId: event.id })).filter((team) => !keepTeams.has(team.slug));
    const problems: Problem[] = [];
    for (const task of droppedTasks) {
      const count = await manager.countBy(SubmissionEntity, { taskId: task.id });
      if (count > 0) problems.push(stillHasSubmissions('task', task.slug, count, ' (change its dates instead)'));
    }
    for (const team of droppedTeams) {
      const count = await manager.countBy(SubmissionEntity, { teamId: team.id });
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
    if (droppedTasks.length > 0) await manager.delete(TaskEntity, { id: In(droppedTasks.map((task) => task.id)) });
    if (droppedTeams.length > 0) await manager.delete(TeamEntity, { id: In(droppedTeams.map((team) => team.id)) });
  }

  private async upsertTask(
    manager: EntityManager,
    eventId: number,
    position: number,
    manifest: TaskManifest,
    answerKey: AnswerKey,
    files: Map<string, Uint8Array>,
  ): Promise<void> {
    const answerKeySha256 = await this.blobs.put(requiredFile(files, manifest.answer_key), manager);
    const answerMasksSha256 = manifest.answer_masks ? await this.blobs.put(requiredFile(files, manifest.answer_masks), manager) : null;
    const existing = await manager.findOneBy(TaskEntity, { eventId, slug: manifest.slug });
    if (existing) await assertNotFinalized(manager, [existing.id], 're-importing it');
    const task = await manager.save(
      manager.merge(TaskEntity, existing ?? manager.create(TaskEntity, { eventId, slug: manifest.slug }), {
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
      }),
    );
    // A re-imported task may rank differently: its verifications no longer stand.
    if (existing) await voidVerifications(manager, [task.id], 'event.update: the task was re-imported', new Date());
    // The key is replaced as a whole: rows of the old key must not survive an update.
    await manager.delete(AnswerCaseEntity, { taskId: task.id });
    const rows = answerCaseRows(task.id, answerKey);
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      await manager.insert(AnswerCaseEntity, rows.slice(start, start + INSERT_CHUNK));
    }
  }

  private async upsertTeams(manager: EntityManager, eventId: number, manifest: EventManifest): Promise<TeamTokenBody[]> {
    const existing = new Map((await manager.findBy(TeamEntity, { eventId })).map((team) => [team.slug, team]));
    const tokens: TeamTokenBody[] = [];
    for (const team of manifest.teams) {
      const current = existing.get(team.slug);
      if (current) {
        await manager.update(TeamEntity, { id: current.id }, { name: team.name, category: team.category ?? null });
        continue;
      }
      const token = generateToken();
      await manager.insert(TeamEntity, {
        eventId,
        slug: team.slug,
        name: team.name,
        category: team.category ?? null,
        tokenHash: hashToken(token),
        tokenRotatedAt: new Date(),
      });
      tokens.push({ slug: team.slug, token });
    }
    return tokens;
  }

  private async upsertJury(manager: EntityManager, eventId: number, manifest: EventManifest): Promise<void> {
    const keep = new Set(manifest.jury.map((member) => member.login));
    const existing = await manager.findBy(JuryMemberEntity, { eventId });
    const dropped = existing.filter((member) => !keep.has(member.login));
    if (dropped.length > 0) await manager.delete(JuryMemberEntity, { id: In(dropped.map((member) => member.id)) });
    const byLogin = new Map(existing.map((member) => [member.login, member]));
    for (const member of manifest.jury) {
      const current = byLogin.get(member.login);
      if (current) await manager.update(JuryMemberEntity, { id: current.id }, { name: member.name, role: member.role });
      else await manager.insert(JuryMemberEntity, { eventId, login: member.login, name: member.name, role: member.role, passwordHash: null });
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

function requiredFile(files: Map<string, Uint8Array>, path: string): Uint8Array {
  const bytes = files.get(path);
  // The bundle validator already reported missing files; reaching this is a bug, not bad input.
  if (!bytes) throw new Error(`event-bundle validated a bundle without its file ${path}`);
  return bytes;
}

function answerCaseRows(taskId: number, key: AnswerKey): Omit<AnswerCaseEntity, 'id' | 'task'>[] {
  const columns = Object.entries(key.truth);
  const nodules = key.findings ? nodulesByScan(key.findings) : undefined;
  return key.ids.map((caseId, index) => ({
    taskId,
    position: index,
    caseId,
    normalizedId: key.normalizedIds[index]!,
    split: key.split[index]!,
    truth: Object.fromEntries(columns.map(([name, values]) => [name, Number.isNaN(values[index]!) ? null : values[index]!])),
    nodules: nodules ? (nodules.get(key.normalizedIds[index]!) ?? []) : null,
  }));
}

function nodulesByScan(findings: DetectionFinding[]): Map<string, DetectionNoduleTruth[]> {
  const byScan = new Map<string, DetectionNoduleTruth[]>();
  for (const f of findings) {
    let list = byScan.get(f.caseId);
    if (!list) byScan.set(f.caseId, (list = []));
    list.push({ x: f.x, y: f.y, z: f.z, diameter_mm: f.diameter, ...(f.excluded ? { excluded: true as const } : {}) });
  }
  return byScan;
}
