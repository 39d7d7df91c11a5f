// What an event import writes, apart from blobs (BlobRepository), audit entries (AuditRepository)
// and answer-case rows (AnswerCasesRepository): the event, its tasks, teams and jury. Every method
// runs on the caller's transaction manager: the import writes all of it in ONE transaction.
import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { JuryMemberEntity } from '../jury/jury-member.entity.js';
import { SubmissionEntity } from '../submissions/submission.entity.js';
import { TeamEntity } from '../teams/team.entity.js';
import { EventEntity } from './event.entity.js';
import { assertNotFinalized } from './finalized-guard.js';
import { TaskEntity } from './task.entity.js';
import { voidVerifications } from './verification-void.js';

export type EventValues = Pick<EventEntity, 'slug' | 'title' | 'timezone' | 'prizes'>;

/** Every column an import sets on a task (the rest keep their defaults or current values). */
export type TaskValues = Pick<
  TaskEntity,
  | 'position'
  | 'titleEn'
  | 'titleFr'
  | 'opensAt'
  | 'closesAt'
  | 'freezeAt'
  | 'graceSeconds'
  | 'quotaSubmissions'
  | 'quotaPerMinutes'
  | 'leaderboardPolicy'
  | 'precision'
  | 'maxUploadMb'
  | 'submissionSpec'
  | 'scores'
  | 'ranking'
  | 'answerKeySha256'
  | 'answerMasksSha256'
>;

export type NewTeam = Pick<TeamEntity, 'eventId' | 'slug' | 'name' | 'category' | 'tokenHash' | 'tokenRotatedAt'>;
export type TeamValues = Pick<TeamEntity, 'name' | 'category'>;
export type NewJuryMember = Pick<JuryMemberEntity, 'eventId' | 'login' | 'name' | 'role' | 'passwordHash'>;
export type JuryMemberValues = Pick<JuryMemberEntity, 'name' | 'role'>;

@Injectable()
export class EventImportRepository {
  /** The event, its row locked until the transaction ends (two imports of one slug run one after the other). */
  lockEvent(slug: string, manager: EntityManager): Promise<EventEntity | null> {
    return manager.findOne(EventEntity, { where: { slug }, lock: { mode: 'pessimistic_write' } });
  }

  createEvent(values: EventValues, manager: EntityManager): Promise<EventEntity> {
    return manager.save(manager.create(EventEntity, values));
  }

  saveEvent(event: EventEntity, manager: EntityManager): Promise<EventEntity> {
    return manager.save(event);
  }

  tasksOf(eventId: number, manager: EntityManager): Promise<TaskEntity[]> {
    return manager.findBy(TaskEntity, { eventId });
  }

  teamsOf(eventId: number, manager: EntityManager): Promise<TeamEntity[]> {
    return manager.findBy(TeamEntity, { eventId });
  }

  juryOf(eventId: number, manager: EntityManager): Promise<JuryMemberEntity[]> {
    return manager.findBy(JuryMemberEntity, { eventId });
  }

  countTaskSubmissions(taskId: number, manager: EntityManager): Promise<number> {
    return manager.countBy(SubmissionEntity, { taskId });
  }

  countTeamSubmissions(teamId: number, manager: EntityManager): Promise<number> {
    return manager.countBy(SubmissionEntity, { teamId });
  }

  async deleteTasks(ids: number[], manager: EntityManager): Promise<void> {
    await manager.delete(TaskEntity, { id: In(ids) });
  }

  async deleteTeams(ids: number[], manager: EntityManager): Promise<void> {
    await manager.delete(TeamEntity, { id: In(ids) });
  }

  findTask(eventId: number, slug: string, manager: EntityManager): Promise<TaskEntity | null> {
    return manager.findOneBy(TaskEntity, { eventId, slug });
  }

  /** Refuses (409 `task-finalized`) to re-import a finalized task. */
  assertNotFinalized(taskId: number, manager: EntityManager): Promise<void> {
    return assertNotFinalized(manager, [taskId], 're-importing it');
  }

  /** Creates the task (`existing` null) or updates it with `values`; returns its id. */
  async saveTask(existing: TaskEntity | null, key: Pick<TaskEntity, 'eventId' | 'slug'>, values: TaskValues, manager: EntityManager): Promise<number> {
    const task: TaskEntity = await manager.save(manager.merge<TaskEntity>(TaskEntity, existing ?? manager.create(TaskEntity, key), values));
    return task.id;
  }

  voidVerifications(taskId: number, reason: string, at: Date, manager: EntityManager): Promise<void> {
    return voidVerifications(manager, [taskId], reason, at);
  }

  async updateTeam(id: number, values: TeamValues, manager: EntityManager): Promise<void> {
    await manager.update(TeamEntity, { id }, values);
  }

  async insertTeam(team: NewTeam, manager: EntityManager): Promise<void> {
    await manager.insert(TeamEntity, team);
  }

  async deleteJuryMembers(ids: number[], manager: EntityManager): Promise<void> {
    await manager.delete(JuryMemberEntity, { id: In(ids) });
  }

  async updateJuryMember(id: number, values: JuryMemberValues, manager: EntityManager): Promise<void> {
    await manager.update(JuryMemberEntity, { id }, values);
  }

  async insertJuryMember(member: NewJuryMember, manager: EntityManager): Promise<void> {
    await manager.insert(JuryMemberEntity, member);
  }
}
