// The fast tier: EventImportService with every repository mocked and the bundle preparation
// (a worker thread) replaced by a ready bundle. It pins the order of an import: validation before
// anything is written; then, in ONE transaction, the event (locked), the dropped tasks and teams
// (refused while they have submissions), each task (its key blobs, the finalized check, the row,
// its voided verifications), the teams, the jury and the audit entry; after the commit, each
// task's answer-case chunks (the first replaces the old rows), then the warm-up of the keys.
import { Logger } from '@nestjs/common';
import type { EventManifest, TaskManifest } from '@podium/contracts';
import type { DataSource } from 'typeorm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainError } from '../../common/errors/domain-error.js';
import { hashToken } from '../../common/security/token.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { BlobRepository } from '../blobs/blob.repository.js';
import type { JuryMemberEntity } from '../jury/jury-member.entity.js';
import type { TeamEntity } from '../teams/team.entity.js';
import type { AnswerCasesRepository } from './answer-cases.repository.js';
import type { AnswerKeyWarmupPort } from './answer-key-warmup.port.js';
import type { Preparation, PreparedTask } from './bundle-preparation.js';
import { prepareBundleOffLoop } from './bundle-worker.js';
import type { EventEntity } from './event.entity.js';
import type { EventImportRepository, TaskValues } from './event-import.repository.js';
import { EventImportService, type ImportProgress } from './event-import.service.js';
import type { TaskEntity } from './task.entity.js';

vi.mock('./bundle-worker.js', () => ({ prepareBundleOffLoop: vi.fn() }));
const prepare = vi.mocked(prepareBundleOffLoop);

const ZIP = new Uint8Array(321);

function taskManifest(slug: string, overrides: Partial<TaskManifest> = {}): TaskManifest {
  return {
    slug,
    title: { en: `Task ${slug}`, fr: `Tâche ${slug}` },
    opens_at: '2026-12-06T09:00:00+01:00',
    closes_at: '2026-12-06T17:00:00+01:00',
    leaderboard: 'best',
    answer_key: `${slug}.csv`,
    submission: { table: { id: 'id', columns: { p: { type: 'number' } } } },
    scores: [{ name: 'auc', metric: 'auc' }],
    ...overrides,
  };
}

/** A prepared task: `chunks` chunks of two rows each; `masks` adds a reference masks archive. */
function preparedTask(slug: string, chunks: number, masks = false): PreparedTask {
  return {
    slug,
    answerKey: new TextEncoder().encode(`key of ${slug}`),
    answerMasks: masks ? new TextEncoder().encode(`masks of ${slug}`) : null,
    answerKeySha256: `${slug}-key-sha`,
    answerMasksSha256: masks ? `${slug}-masks-sha` : null,
    rows: chunks * 2,
    chunks: Array.from({ length: chunks }, (_, i) => ({ rows: 2, json: `${slug}#${i}` })),
  };
}

function manifest(overrides: Partial<EventManifest> = {}): EventManifest {
  return {
    slug: 'round',
    title: { en: 'Round', fr: 'Manche' },
    timezone: 'Europe/Paris',
    teams: [
      { slug: 'owkin', name: 'Owkin' },
      { slug: 'inria', name: 'Inria', category: 'academia' },
    ],
    jury: [
      { login: 'ada', name: 'Ada', role: 'organiser' },
      { login: 'bob', name: 'Bob', role: 'juror' },
    ],
    tasks: [taskManifest('lung', { freeze_at: '2026-12-06T16:00:00+01:00', quota: { submissions: 5, per_minutes: 60 }, precision: 3 }), taskManifest('liver')],
    prizes: [],
    ...overrides,
  };
}

/** The stored state the mocked repositories answer from (an empty database by default). */
interface Stored {
  event: EventEntity | null;
  tasks: TaskEntity[];
  teams: TeamEntity[];
  jury: JuryMemberEntity[];
  /** Submissions per task id and per team id. */
  taskSubmissions?: Record<number, number>;
  teamSubmissions?: Record<number, number>;
  /** Task ids the finalized guard refuses. */
  finalized?: number[];
}

const empty = (): Stored => ({ event: null, tasks: [], teams: [], jury: [] });

/** Every collaborator mocked; `calls` records the order of the checks and writes. */
function harness(stored: Stored = empty(), tasks: PreparedTask[] = [preparedTask('lung', 2, true), preparedTask('liver', 1)], m: EventManifest = manifest()) {
  prepare.mockResolvedValue({ ok: true, bundle: { manifest: m, tasks } });
  const calls: string[] = [];
  const manager = { name: 'transaction manager' };
  let nextTaskId = 100;
  const events = {
    lockEvent: vi.fn(async (slug: string) => (calls.push(`lockEvent ${slug}`), stored.event)),
    createEvent: vi.fn(async (values: Pick<EventEntity, 'slug'>) => (calls.push(`createEvent ${values.slug}`), { id: 1, ...values }) as EventEntity),
    saveEvent: vi.fn(async (event: EventEntity) => (calls.push(`saveEvent ${event.slug}`), event)),
    tasksOf: vi.fn(async () => (calls.push('tasksOf'), stored.tasks)),
    teamsOf: vi.fn(async () => (calls.push('teamsOf'), stored.teams)),
    juryOf: vi.fn(async () => (calls.push('juryOf'), stored.jury)),
    countTaskSubmissions: vi.fn(async (id: number) => (calls.push(`countTaskSubmissions ${id}`), stored.taskSubmissions?.[id] ?? 0)),
    countTeamSubmissions: vi.fn(async (id: number) => (calls.push(`countTeamSubmissions ${id}`), stored.teamSubmissions?.[id] ?? 0)),
    deleteTasks: vi.fn(async (ids: number[]) => void calls.push(`deleteTasks ${ids.join(',')}`)),
    deleteTeams: vi.fn(async (ids: number[]) => void calls.push(`deleteTeams ${ids.join(',')}`)),
    findTask: vi.fn(async (_eventId: number, slug: string) => (calls.push(`findTask ${slug}`), stored.tasks.find((t) => t.slug === slug) ?? null)),
    assertNotFinalized: vi.fn(async (id: number) => {
      calls.push(`assertNotFinalized ${id}`);
      if (stored.finalized?.includes(id)) throw Object.assign(new Error('finalized'), { code: 'task-finalized' });
    }),
    saveTask: vi.fn(async (existing: TaskEntity | null, key: Pick<TaskEntity, 'slug'>, _values: TaskValues) => {
      calls.push(`saveTask ${key.slug}`);
      return existing?.id ?? nextTaskId++;
    }),
    voidVerifications: vi.fn(async (id: number) => void calls.push(`voidVerifications ${id}`)),
    updateTeam: vi.fn(async (id: number) => void calls.push(`updateTeam ${id}`)),
    insertTeam: vi.fn(async (team: Pick<TeamEntity, 'slug'>) => void calls.push(`insertTeam ${team.slug}`)),
    deleteJuryMembers: vi.fn(async (ids: number[]) => void calls.push(`deleteJuryMembers ${ids.join(',')}`)),
    updateJuryMember: vi.fn(async (id: number) => void calls.push(`updateJuryMember ${id}`)),
    insertJuryMember: vi.fn(async (member: Pick<JuryMemberEntity, 'login'>) => void calls.push(`insertJuryMember ${member.login}`)),
  };
  const blobs = {
    stage: vi.fn(async (bytes: Uint8Array, sha256: string) => (calls.push(`blobs.stage ${sha256}`), { sha256, bytes })),
    put: vi.fn(async (blob: { sha256: string }, _manager?: unknown) => (calls.push(`blobs.put ${blob.sha256}`), blob.sha256)),
  };
  const audit = { append: vi.fn(async (record: { action: string }, _manager?: unknown) => (calls.push(`audit.append ${record.action}`), { entry: {}, feed: null })) };
  const answerCases = {
    writeChunk: vi.fn(async (taskId: number, json: string | null, replacing: boolean) => void calls.push(`writeChunk ${taskId} ${json} ${replacing ? 'replacing' : 'adding'}`)),
  };
  const warmup = { warmTasks: vi.fn(async (ids: number[]) => void calls.push(`warmTasks ${ids.join(',')}`)) };
  const dataSource = {
    transaction: vi.fn(async (work: (m: unknown) => Promise<unknown>) => {
      calls.push('begin');
      try {
        const result = await work(manager);
        calls.push('commit');
        return result;
      } catch (error) {
        calls.push('rollback');
        throw error;
      }
    }),
  };
  const service = new EventImportService(
    dataSource as unknown as DataSource,
    events as unknown as EventImportRepository,
    blobs as unknown as BlobRepository,
    audit as unknown as AuditRepository,
    answerCases as unknown as AnswerCasesRepository,
    warmup as AnswerKeyWarmupPort,
  );
  const progress: ImportProgress[] = [];
  const run = (actor = 'admin') => service.importZip(ZIP, actor, (p) => progress.push(p));
  const refusal = async (promise: Promise<unknown>) => ((await promise.then(() => expect.fail('imported'), (error: unknown) => error)) as DomainError);
  return { service, events, blobs, audit, answerCases, warmup, dataSource, manager, calls, progress, run, refusal };
}

/** An event already imported: tasks lung (10) and liver (11), teams owkin (20) and inria (21), jury ada (30) and bob (31). */
function existing(overrides: Partial<Stored> = {}): Stored {
  return {
    event: { id: 1, slug: 'round', title: { en: 'Old', fr: 'Ancien' }, timezone: 'UTC', prizes: [] } as unknown as EventEntity,
    tasks: [{ id: 10, eventId: 1, slug: 'lung' } as TaskEntity, { id: 11, eventId: 1, slug: 'liver' } as TaskEntity],
    teams: [{ id: 20, eventId: 1, slug: 'owkin' } as TeamEntity, { id: 21, eventId: 1, slug: 'inria' } as TeamEntity],
    jury: [{ id: 30, eventId: 1, login: 'ada' } as JuryMemberEntity, { id: 31, eventId: 1, login: 'bob' } as JuryMemberEntity],
    ...overrides,
  };
}

beforeAll(() => Logger.overrideLogger(false));
beforeEach(() => prepare.mockReset());

describe('EventImportService: a new event', () => {
  it('writes the event, each task with its blobs, the teams, the jury and the audit entry in one transaction, then the answer cases, then warms the keys', async () => {
    const h = harness();
    const result = await h.run();
    expect(h.calls).toEqual([
      'begin',
      'lockEvent round',
      'createEvent round',
      'blobs.stage lung-key-sha',
      'blobs.put lung-key-sha',
      'blobs.stage lung-masks-sha',
      'blobs.put lung-masks-sha',
      'findTask lung',
      'saveTask lung',
      'blobs.stage liver-key-sha',
      'blobs.put liver-key-sha',
      'findTask liver',
      'saveTask liver',
      'teamsOf',
      'insertTeam owkin',
      'insertTeam inria',
      'juryOf',
      'insertJuryMember ada',
      'insertJuryMember bob',
      'audit.append event.create',
      'commit',
      'writeChunk 100 lung#0 replacing',
      'writeChunk 100 lung#1 adding',
      'writeChunk 101 liver#0 replacing',
      'warmTasks 100,101',
    ]);
    expect(result.slug).toBe('round');
    expect(result.created).toBe(true);
    expect(result.teams.map((t) => t.slug)).toEqual(['owkin', 'inria']);
    for (const team of result.teams) expect(team.token).toMatch(/\S{20,}/);
  });

  it('runs every write on the transaction manager', async () => {
    const h = harness();
    await h.run();
    const writes = [h.events.lockEvent, h.events.createEvent, h.events.findTask, h.events.saveTask, h.events.teamsOf, h.events.insertTeam, h.events.juryOf, h.events.insertJuryMember];
    for (const write of writes) for (const call of write.mock.calls) expect(call.at(-1)).toBe(h.manager);
    for (const call of h.blobs.put.mock.calls) expect(call[1]).toBe(h.manager);
    expect(h.audit.append.mock.calls[0]![1]).toBe(h.manager);
  });

  it('maps the manifest onto the rows: event, task columns (defaults included), team token hashes, jury without password', async () => {
    const h = harness();
    const result = await h.run('admin');
    expect(h.events.createEvent).toHaveBeenCalledWith({ slug: 'round', title: { en: 'Round', fr: 'Manche' }, timezone: 'Europe/Paris', prizes: [] }, h.manager);
    expect(h.events.saveTask.mock.calls[0]!.slice(0, 3)).toEqual([
      null,
      { eventId: 1, slug: 'lung' },
      {
        position: 0,
        titleEn: 'Task lung',
        titleFr: 'Tâche lung',
        opensAt: new Date('2026-12-06T08:00:00.000Z'),
        closesAt: new Date('2026-12-06T16:00:00.000Z'),
        freezeAt: new Date('2026-12-06T15:00:00.000Z'),
        graceSeconds: 0,
        quotaSubmissions: 5,
        quotaPerMinutes: 60,
        leaderboardPolicy: 'best',
        precision: 3,
        maxUploadMb: null,
        submissionSpec: { table: { id: 'id', columns: { p: { type: 'number' } } } },
        scores: [{ name: 'auc', metric: 'auc' }],
        ranking: null,
        answerKeySha256: 'lung-key-sha',
        answerMasksSha256: 'lung-masks-sha',
      },
    ]);
    expect(h.events.saveTask.mock.calls[1]![2]).toMatchObject({ position: 1, freezeAt: null, quotaSubmissions: null, quotaPerMinutes: null, precision: null, answerMasksSha256: null });
    const inserted = h.events.insertTeam.mock.calls.map((call) => call[0] as unknown as TeamEntity);
    expect(inserted.map((t) => [t.slug, t.name, t.category])).toEqual([
      ['owkin', 'Owkin', null],
      ['inria', 'Inria', 'academia'],
    ]);
    // Only the hash is stored; the token itself is answered once.
    expect(inserted.map((t) => t.tokenHash)).toEqual(result.teams.map((t) => hashToken(t.token)));
    expect(h.events.insertJuryMember).toHaveBeenCalledWith({ eventId: 1, login: 'ada', name: 'Ada', role: 'organiser', passwordHash: null }, h.manager);
    expect(h.audit.append).toHaveBeenCalledWith(
      { actor: 'admin', action: 'event.create', target: 'event:round', details: { zipBytes: 321, tasks: ['lung', 'liver'], teams: 2, newTeams: ['owkin', 'inria'] } },
      h.manager,
    );
  });

  it('reports validating, then writing with the total, then each chunk written', async () => {
    const h = harness();
    await h.run();
    expect(h.progress).toEqual([
      { phase: 'validating', rows: { done: 0, total: 0 } },
      { phase: 'writing', rows: { done: 0, total: 6 } },
      { phase: 'writing', rows: { done: 2, total: 6 } },
      { phase: 'writing', rows: { done: 4, total: 6 } },
      { phase: 'writing', rows: { done: 6, total: 6 } },
    ]);
  });

  it('a task whose key has no rows still clears the old ones (one empty replacing chunk)', async () => {
    const h = harness(empty(), [preparedTask('lung', 0), preparedTask('liver', 1)]);
    await h.run();
    expect(h.calls.slice(h.calls.indexOf('commit') + 1)).toEqual(['writeChunk 100 null replacing', 'writeChunk 101 liver#0 replacing', 'warmTasks 100,101']);
  });
});

describe('EventImportService: refusals', () => {
  it('an invalid bundle is a 422 with every problem, before any transaction', async () => {
    const h = harness();
    const problems = [{ code: 'bundle.missing_file', path: 'event.yaml', message: 'No event.yaml' }];
    prepare.mockResolvedValueOnce({ ok: false, problems } as Preparation);
    const error = await h.refusal(h.run());
    expect([error.code, error.status, error.problems]).toEqual(['invalid-bundle', 422, problems]);
    expect(h.calls).toEqual([]);
    expect(h.progress).toEqual([{ phase: 'validating', rows: { done: 0, total: 0 } }]);
  });

  it('dropping a task or a team that has submissions is a 422 listing both; nothing is deleted or written, and no answer case follows', async () => {
    const m = manifest({ tasks: [taskManifest('lung')], teams: [{ slug: 'owkin', name: 'Owkin' }] });
    const h = harness(existing({ taskSubmissions: { 11: 4 }, teamSubmissions: { 21: 2 } }), [preparedTask('lung', 1)], m);
    const error = await h.refusal(h.run());
    expect([error.code, error.status]).toEqual(['bundle-conflict', 422]);
    expect(error.problems?.map((p) => [p.code, p.found])).toEqual([
      ['bundle.task_has_submissions', 'liver'],
      ['bundle.team_has_submissions', 'inria'],
    ]);
    expect(h.calls).toEqual(['begin', 'lockEvent round', 'tasksOf', 'teamsOf', 'countTaskSubmissions 11', 'countTeamSubmissions 21', 'rollback']);
  });

  it('re-importing a finalized task is refused before its row is written; the transaction rolls back', async () => {
    const h = harness(existing({ finalized: [10] }));
    expect((await h.refusal(h.run())).code).toBe('task-finalized');
    expect(h.calls.slice(-3)).toEqual(['findTask lung', 'assertNotFinalized 10', 'rollback']);
    expect(h.events.saveTask).not.toHaveBeenCalled();
    expect(h.answerCases.writeChunk).not.toHaveBeenCalled();
    expect(h.warmup.warmTasks).not.toHaveBeenCalled();
  });
});

describe('EventImportService: re-importing an event', () => {
  it('locks the event, drops what left the bundle, updates what stayed, voids re-imported tasks\' verifications and keeps team tokens', async () => {
    const m = manifest({
      title: { en: 'Round 2', fr: 'Manche 2' },
      timezone: 'Europe/London',
      tasks: [taskManifest('lung')],
      teams: [
        { slug: 'owkin', name: 'Owkin SA' },
        { slug: 'mila', name: 'Mila' },
      ],
      jury: [
        { login: 'bob', name: 'Bob', role: 'organiser' },
        { login: 'cyd', name: 'Cyd', role: 'juror' },
      ],
    });
    const h = harness(existing(), [preparedTask('lung', 1)], m);
    const result = await h.run();
    expect(h.calls).toEqual([
      'begin',
      'lockEvent round',
      'tasksOf',
      'teamsOf',
      'countTaskSubmissions 11',
      'countTeamSubmissions 21',
      'deleteTasks 11',
      'deleteTeams 21',
      'saveEvent round',
      'blobs.stage lung-key-sha',
      'blobs.put lung-key-sha',
      'findTask lung',
      'assertNotFinalized 10',
      'saveTask lung',
      'voidVerifications 10',
      'teamsOf',
      'updateTeam 20',
      'insertTeam mila',
      'juryOf',
      'deleteJuryMembers 30',
      'updateJuryMember 31',
      'insertJuryMember cyd',
      'audit.append event.update',
      'commit',
      'writeChunk 10 lung#0 replacing',
      'warmTasks 10',
    ]);
    expect(h.events.saveEvent.mock.calls[0]![0]).toMatchObject({ id: 1, title: { en: 'Round 2', fr: 'Manche 2' }, timezone: 'Europe/London', prizes: [] });
    expect(h.events.saveTask.mock.calls[0]![0]).toMatchObject({ id: 10, slug: 'lung' });
    expect(h.events.voidVerifications).toHaveBeenCalledWith(10, 'event.update: the task was re-imported', expect.any(Date), h.manager);
    expect(h.events.updateTeam).toHaveBeenCalledWith(20, { name: 'Owkin SA', category: null }, h.manager);
    expect(h.events.updateJuryMember).toHaveBeenCalledWith(31, { name: 'Bob', role: 'organiser' }, h.manager);
    expect(result.created).toBe(false);
    expect(result.teams.map((t) => t.slug)).toEqual(['mila']);
    expect(h.audit.append.mock.calls[0]![0]).toMatchObject({ action: 'event.update', details: { newTeams: ['mila'], teams: 2, tasks: ['lung'] } });
  });
});

describe('EventImportService: one import at a time', () => {
  it('a second import starts only once the first has written its last chunk and warmed its keys', async () => {
    const h = harness();
    await Promise.all([h.run('first'), h.run('second')]);
    const begins = h.calls.flatMap((call, i) => (call === 'begin' ? [i] : []));
    expect(begins).toHaveLength(2);
    expect(h.calls[begins[1]! - 1]).toBe('warmTasks 100,101');
    expect(h.audit.append.mock.calls.map((call) => (call[0] as unknown as { actor: string }).actor)).toEqual(['first', 'second']);
  });

  it('a failed import does not block the next one', async () => {
    const h = harness();
    prepare.mockResolvedValueOnce({ ok: false, problems: [] } as Preparation);
    const [first, second] = await Promise.allSettled([h.run(), h.run()]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('fulfilled');
  });
});
