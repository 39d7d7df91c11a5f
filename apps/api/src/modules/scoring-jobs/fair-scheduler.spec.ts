import { describe, expect, it } from 'vitest';
import { FairScheduler } from './fair-scheduler.js';
import { InProcessScoringQueue } from './scoring-queue.js';

/** Jobs that end only when the test says so: the start order is fully deterministic. */
function controlledJobs() {
  const started: number[] = [];
  const finishers = new Map<number, () => void>();
  const processJob = (id: number) =>
    new Promise<void>((resolve) => {
      started.push(id);
      finishers.set(id, resolve);
    });
  const finish = async (id: number) => {
    finishers.get(id)!();
    // Let the queue's finally() run and start the next job.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { started, processJob, finish };
}

// Team 1's ids are 100+, team 2's 200+, team 3's 300+.
describe('FairScheduler', () => {
  it('takes teams in turn: each team\'s next job after every other waiting team had one', () => {
    const s = new FairScheduler<number>(10);
    for (const id of [101, 102, 103, 104]) s.push('1', id);
    s.push('2', 201);
    s.push('2', 202);
    s.push('3', 301);
    const order: number[] = [];
    for (let next = s.next(); next; next = s.next()) order.push(next.job);
    expect(order).toEqual([101, 201, 301, 102, 202, 103, 104]);
  });

  it('a newcomer goes before the team that was just served, and a team at its cap waits', () => {
    const s = new FairScheduler<number>(1);
    for (const id of [101, 102, 103]) s.push('1', id);
    expect(s.next()).toEqual({ team: '1', job: 101 });
    expect(s.next()).toBeNull(); // team 1 is at its cap of one running job
    s.push('2', 201);
    expect(s.next()).toEqual({ team: '2', job: 201 });
    s.done('1');
    s.push('3', 301);
    // Team 3 was never served: before team 1's second job.
    expect(s.next()).toEqual({ team: '3', job: 301 });
    expect(s.next()).toEqual({ team: '1', job: 102 });
    expect(s.size).toBe(1);
  });
});

describe('InProcessScoringQueue scheduling', () => {
  it('one worker: another team\'s first job waits for the running job only, however many the first team queued', async () => {
    const { started, processJob, finish } = controlledJobs();
    const queue = new InProcessScoringQueue(processJob, 1, () => undefined, 1);
    for (let i = 1; i <= 50; i++) await queue.enqueue(100 + i, 1);
    await queue.enqueue(201, 2);
    await queue.enqueue(301, 3);
    expect(started).toEqual([101]);
    await finish(101);
    expect(started).toEqual([101, 201]);
    await finish(201);
    expect(started).toEqual([101, 201, 301]);
    await finish(301);
    await finish(102);
    expect(started).toEqual([101, 201, 301, 102, 103]);
  });

  it('several jobs in flight: a team holds at most its cap, so another team starts at once', async () => {
    const { started, processJob, finish } = controlledJobs();
    // 8 jobs in flight at most, a team at most 2 at once (2 scoring threads).
    const queue = new InProcessScoringQueue(processJob, 8, () => undefined, 2);
    for (let i = 1; i <= 20; i++) await queue.enqueue(100 + i, 1);
    expect(started).toEqual([101, 102]);
    await queue.enqueue(201, 2);
    await queue.enqueue(202, 2);
    await queue.enqueue(203, 2);
    expect(started).toEqual([101, 102, 201, 202]);
    await finish(101);
    expect(started.at(-1)).toBe(103);
    await finish(201);
    expect(started.at(-1)).toBe(203);
    // A duplicate enqueue of a waiting or running submission is ignored.
    await queue.enqueue(104, 1);
    await queue.enqueue(102, 1);
    await finish(102);
    await finish(103);
    expect(started.filter((id) => id === 104 || id === 102)).toHaveLength(2);
  });
});
