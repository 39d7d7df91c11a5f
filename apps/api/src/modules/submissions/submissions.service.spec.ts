// The fast tier: SubmissionsService with every repository mocked, no database, no app. It pins
// the order of the checks of an upload (the cheapest refusal first, nothing stored before the
// last check) and what is written, in which order, once they all pass.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../config/app-config.js';
import type { DomainError } from '../../common/errors/domain-error.js';
import type { BlobRepository } from '../blobs/blob.repository.js';
import type { EventEntity } from '../events/event.entity.js';
import type { TaskEntity } from '../events/task.entity.js';
import type { Clock } from '../../common/clock/clock.service.js';
import type { FeedPort } from '../feed/feed-port.js';
import type { RoundTruthRepository } from '../leaderboard/round-truth.repository.js';
import type { ScoringJobService } from '../scoring-jobs/scoring-job.service.js';
import type { ScoringQueue } from '../scoring-jobs/scoring-queue.js';
import type { TeamEntity } from '../teams/team.entity.js';
import type { DataSource } from 'typeorm';
import type { AcceptedRow, SubmissionsRepository } from './submissions.repository.js';
import { SubmissionsService } from './submissions.service.js';

const NOW = new Date('2026-12-06T14:00:00.000Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

const event = { id: 1, slug: 'round' } as EventEntity;
const team = { id: 7, slug: 'owkin', name: 'Owkin', category: null, event } as unknown as TeamEntity;

/** An open task (opened 60 min ago, closes in 60), no quota, no freeze. */
function task(overrides: Partial<TaskEntity> = {}): TaskEntity {
  return {
    id: 3,
    eventId: 1,
    slug: 'lung',
    opensAt: minutes(-60),
    closesAt: minutes(60),
    freezeAt: null,
    graceSeconds: 0,
    quotaSubmissions: null,
    quotaPerMinutes: null,
    leaderboardPolicy: 'best',
    maxUploadMb: null,
    scores: [{ name: 'auc', metric: 'auc' }],
    ranking: null,
    ...overrides,
  } as unknown as TaskEntity;
}

const closed = () => task({ opensAt: minutes(-120), closesAt: minutes(-60) });
const notYetOpen = () => task({ opensAt: minutes(60), closesAt: minutes(120) });
const quotaOf = (limit: number) => ({ quotaSubmissions: limit, quotaPerMinutes: 60 });

/** A raw upload (Content-Type text/csv); `resume` is spied: a refused upload is drained unread. */
function upload(body = 'id,p\nA,1\n', headers: Record<string, string> = {}): IncomingMessage {
  const request = Readable.from([Buffer.from(body)]) as unknown as IncomingMessage;
  Object.assign(request, { headers: { 'content-type': 'text/csv', ...headers } });
  vi.spyOn(request, 'resume');
  return request;
}

/** An earlier submission, already scored unless `status` says otherwise. */
const row = (id: number, taskId = 3, status: AcceptedRow['status'] = 'scored'): AcceptedRow => ({ id, taskId, receivedAt: minutes(-5), sha256: 'f'.repeat(64), status });

/** Every collaborator mocked so that every check passes; `calls` records the order of the side effects. */
function harness(options: { task?: TaskEntity | null; rejectedUploadsPerMinute?: number } = {}) {
  const calls: string[] = [];
  const log =
    <T>(name: string, value: T) =>
    async () => (calls.push(name), value);
  const manager = { name: 'transaction manager' };
  const submissions = {
    findByIdempotencyKey: vi.fn(log('findByIdempotencyKey', null)),
    findSameBytes: vi.fn(log('findSameBytes', null)),
    rejectedSince: vi.fn(log('rejectedSince', [] as Date[])),
    countedSince: vi.fn(log('countedSince', [] as Date[])),
    lockTeamTask: vi.fn(log('lockTeamTask', undefined)),
    insertQueued: vi.fn(async (values: { taskId: number; receivedAt: Date; sha256: string }) => (calls.push('insertQueued'), { id: 42, ...values })),
    teamBacklog: vi.fn(log('teamBacklog', 2)),
  };
  const t = options.task === undefined ? task() : options.task;
  const truths = { findTask: vi.fn(log('findTask', t === null ? null : { event, task: t })) };
  const blobs = { stage: vi.fn(log('blobs.stage', { staged: true })), put: vi.fn(log('blobs.put', undefined)) };
  const queue = { enqueue: vi.fn(log('queue.enqueue', undefined)) };
  const jobs = { startEarly: vi.fn(() => (calls.push('jobs.startEarly'), true)) };
  const feed = { append: vi.fn(log('feed.append', { seq: 1 })), publish: vi.fn(() => calls.push('feed.publish')) };
  const dataSource = {
    manager: { name: 'default manager' },
    transaction: vi.fn(async (work: (m: unknown) => Promise<unknown>) => {
      calls.push('begin');
      const result = await work(manager);
      calls.push('commit');
      return result;
    }),
  };
  const config = { rejectedUploadsPerMinute: options.rejectedUploadsPerMinute ?? 10 } as AppConfig;
  const service = new SubmissionsService(
    dataSource as unknown as DataSource,
    submissions as unknown as SubmissionsRepository,
    truths as unknown as RoundTruthRepository,
    blobs as unknown as BlobRepository,
    { now: () => NOW } as Clock,
    queue as unknown as ScoringQueue,
    jobs as unknown as ScoringJobService,
    config,
    feed as unknown as FeedPort,
  );
  const accept = (request = upload(), key?: string, eventSlug = 'round') => service.accept(team, eventSlug, 'lung', request, key);
  const refusal = async (promise: Promise<unknown>) => ((await promise.then(() => expect.fail('accepted'), (error: unknown) => error)) as DomainError).code;
  return { service, submissions, truths, blobs, queue, jobs, feed, dataSource, manager, calls, accept, refusal };
}

describe('SubmissionsService.accept: the order of the checks', () => {
  it('1. the token\'s event: another event is refused before any query', async () => {
    const h = harness({ task: closed() });
    expect(await h.refusal(h.accept(upload(), '\u0000bad key', 'other'))).toBe('wrong-event');
    expect(h.calls).toEqual([]);
  });

  it('2. the task: an unknown task is a 404 before the key is even looked at', async () => {
    const h = harness({ task: null });
    expect(await h.refusal(h.accept(upload(), '\u0000bad key'))).toBe('task-not-found');
    expect(h.calls).toEqual(['findTask']);
  });

  it('3. the Idempotency-Key: a malformed key is a 400, whatever the window says', async () => {
    const h = harness({ task: closed() });
    expect(await h.refusal(h.accept(upload(), 'a key with spaces'))).toBe('invalid-idempotency-key');
    expect(h.calls).toEqual(['findTask']);
  });

  it('4. a known key answers the first submission, even once the window closed (a retry after a lost answer)', async () => {
    const h = harness({ task: closed() });
    h.submissions.findByIdempotencyKey.mockResolvedValueOnce(row(41) as never);
    const request = upload();
    const result = await h.accept(request, 'key-1');
    expect(result).toEqual({ replayed: true, body: { id: '41', status: 'queued', receivedAt: minutes(-5).toISOString(), sha256: 'f'.repeat(64) } });
    expect(request.resume).toHaveBeenCalled();
    expect(h.dataSource.transaction).not.toHaveBeenCalled();
    expect(h.queue.enqueue).not.toHaveBeenCalled();
  });

  it('4a. a known key whose row no job has taken yet enqueues it again (its node died before the enqueue)', async () => {
    const h = harness();
    h.submissions.findByIdempotencyKey.mockResolvedValueOnce(row(41, 3, 'queued') as never);
    expect(await h.accept(upload(), 'key-1')).toMatchObject({ replayed: true, body: { id: '41' } });
    expect(h.dataSource.transaction).not.toHaveBeenCalled();
    expect(h.queue.enqueue).toHaveBeenCalledWith(41, expect.any(Number), 2);
  });

  it('4b. the same key for another task is a 422', async () => {
    const h = harness();
    h.submissions.findByIdempotencyKey.mockResolvedValueOnce(row(41, 99) as never);
    expect(await h.refusal(h.accept(upload(), 'key-1'))).toBe('idempotency-key-reused');
  });

  it('5. the window, on the headers: too early or too late is refused before the rejected-uploads count', async () => {
    for (const [t, code] of [[notYetOpen(), 'submission-window-not-open'], [closed(), 'submission-window-closed']] as const) {
      const h = harness({ task: t });
      h.submissions.rejectedSince.mockResolvedValue(Array.from({ length: 50 }, () => minutes(-0.5)));
      expect(await h.refusal(h.accept())).toBe(code);
      expect(h.submissions.rejectedSince).not.toHaveBeenCalled();
    }
  });

  it('6. too many rejected uploads in the last minute: refused on the headers, body drained unread, quota not counted', async () => {
    const h = harness({ task: task(quotaOf(0)), rejectedUploadsPerMinute: 2 });
    h.submissions.rejectedSince.mockResolvedValue([minutes(-0.75), minutes(-0.5)]);
    const request = upload();
    expect(await h.refusal(h.accept(request))).toBe('rejected-uploads-limit');
    expect(request.resume).toHaveBeenCalled();
    expect(h.submissions.countedSince).not.toHaveBeenCalled();
  });

  it('6b. a limit of 0 turns the rejected-uploads check off (no query)', async () => {
    const h = harness({ rejectedUploadsPerMinute: 0 });
    await h.accept();
    expect(h.submissions.rejectedSince).not.toHaveBeenCalled();
  });

  it('7. over quota: the body is still read, so the same bytes sent again get the first answer', async () => {
    const h = harness({ task: task(quotaOf(1)) });
    h.submissions.countedSince.mockImplementation(async () => (h.calls.push('countedSince'), [minutes(-10)]));
    h.submissions.findSameBytes.mockResolvedValueOnce(row(40) as never);
    expect(await h.accept()).toMatchObject({ replayed: true, body: { id: '40' } });
    expect(h.blobs.stage).not.toHaveBeenCalled();
    expect(h.jobs.startEarly).not.toHaveBeenCalled();
  });

  it('7b. over quota with new bytes: 429, nothing stored', async () => {
    const h = harness({ task: task(quotaOf(1)) });
    h.submissions.countedSince.mockImplementation(async () => (h.calls.push('countedSince'), [minutes(-10)]));
    expect(await h.refusal(h.accept())).toBe('quota-exceeded');
    expect(h.calls).toEqual(['findTask', 'rejectedSince', 'countedSince', 'findSameBytes']);
  });

  it('8. the size: a declared body over the task limit is a 413 after the quota, before anything is stored', async () => {
    const h = harness({ task: task({ maxUploadMb: 1, ...quotaOf(5) }) });
    expect(await h.refusal(h.accept(upload('x', { 'content-length': String(10 * 1024 * 1024) })))).toBe('payload-too-large');
    expect(h.calls).toEqual(['findTask', 'rejectedSince', 'countedSince']);
  });

  it('8b. an empty body has no file: 400', async () => {
    const h = harness();
    expect(await h.refusal(h.accept(upload('')))).toBe('submission-file-missing');
    expect(h.blobs.stage).not.toHaveBeenCalled();
  });
});

describe('SubmissionsService.accept: what a new submission writes', () => {
  it('stages the file, then in one transaction re-checks and writes the blob, the row and the feed entry; publishes and enqueues after the commit', async () => {
    const h = harness({ task: task({ freezeAt: minutes(-1), ...quotaOf(5) }) });
    const result = await h.accept(upload('id,p\nA,1\n', { 'x-file-name': 'preds.csv' }), 'key-1');
    expect(result).toEqual({ replayed: false, body: { id: '42', status: 'queued', receivedAt: NOW.toISOString(), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(h.calls.filter((c) => c !== 'feed.publish')).toEqual([
      'findTask',
      'findByIdempotencyKey',
      'rejectedSince',
      'countedSince',
      'jobs.startEarly',
      'blobs.stage',
      'begin',
      'lockTeamTask',
      'findByIdempotencyKey',
      'findSameBytes',
      'countedSince',
      'blobs.put',
      'insertQueued',
      'feed.append',
      'commit',
      'teamBacklog',
      'queue.enqueue',
    ]);
    expect(h.submissions.insertQueued).toHaveBeenCalledWith(
      { taskId: 3, teamId: 7, receivedAt: NOW, sha256: result.body.sha256, size: 9, fileName: 'preds.csv', idempotencyKey: 'key-1', afterFreeze: true },
      h.manager,
    );
    expect(h.feed.append).toHaveBeenCalledWith(h.manager, {
      eventId: 1,
      type: 'submission.received',
      data: { submissionId: '42', task: 'lung', teamId: '7', team: 'owkin', receivedAt: NOW.toISOString() },
    });
    expect(h.queue.enqueue).toHaveBeenCalledWith(42, 7, 2);
    // Idle workers may start on the file while it is committed; its job takes that outcome.
    expect(h.jobs.startEarly).toHaveBeenCalledWith(expect.objectContaining({ id: 3 }), { sha256: result.body.sha256, fileName: 'preds.csv', bytes: expect.any(Uint8Array) });
    // Published after the commit, off the request's path.
    await vi.waitFor(() => expect(h.feed.publish).toHaveBeenCalledWith([{ seq: 1 }]));
  });

  it('answers the first submission when the same bytes arrived meanwhile (checked again under the lock)', async () => {
    const h = harness();
    h.submissions.findSameBytes.mockResolvedValueOnce(row(40) as never);
    expect(await h.accept()).toMatchObject({ replayed: true, body: { id: '40' } });
    expect(h.submissions.insertQueued).not.toHaveBeenCalled();
    expect(h.queue.enqueue).not.toHaveBeenCalled();
  });

  it('answers the winner when two requests with one key raced (unique violation on commit)', async () => {
    const h = harness();
    const { QueryFailedError } = await import('typeorm');
    h.submissions.insertQueued.mockRejectedValueOnce(new QueryFailedError('INSERT', [], Object.assign(new Error('duplicate'), { code: '23505' })));
    h.submissions.findByIdempotencyKey.mockResolvedValueOnce(null).mockResolvedValueOnce(null).mockResolvedValueOnce(row(43) as never);
    expect(await h.accept(upload(), 'key-1')).toMatchObject({ replayed: true, body: { id: '43' } });
  });
});
