import { describe, expect, it } from 'vitest';
import { submissionWindow, taskPhase, uploadDeadline } from './task-window.js';

const at = (iso: string) => new Date(iso);
const plusMs = (d: Date, ms: number) => new Date(d.getTime() + ms);
const opensAt = at('2026-10-03T13:00:00.000Z');
const freezeAt = at('2026-10-03T14:40:00.000Z');
const closesAt = at('2026-10-03T15:00:00.000Z');
const task = { opensAt, closesAt, freezeAt };

describe('taskPhase at the exact millisecond of each deadline', () => {
  it.each([
    [plusMs(opensAt, -1), 'upcoming'],
    [opensAt, 'open'],
    [freezeAt, 'open'],
    [plusMs(freezeAt, 1), 'frozen'],
    [closesAt, 'frozen'],
    [plusMs(closesAt, 1), 'closed'],
  ] as const)('at %s the task is %s', (now, phase) => {
    expect(taskPhase(task, now)).toBe(phase);
  });

  it('never freezes without freeze_at', () => {
    expect(taskPhase({ ...task, freezeAt: null }, closesAt)).toBe('open');
    expect(taskPhase({ ...task, freezeAt: null }, plusMs(closesAt, 1))).toBe('closed');
  });
});

describe('submissionWindow without grace (default 0)', () => {
  it('refuses an upload started 1 ms before opens_at, saying when it opens', () => {
    expect(submissionWindow(task, plusMs(opensAt, -1), opensAt, opensAt)).toEqual({ kind: 'too_early', opensAt });
  });

  it('accepts an upload started at opens_at', () => {
    expect(submissionWindow(task, opensAt, plusMs(opensAt, 5), plusMs(opensAt, 5))).toEqual({ kind: 'on_time', inGrace: false });
  });

  it('accepts a body complete exactly at closes_at', () => {
    expect(submissionWindow(task, plusMs(closesAt, -500), closesAt, closesAt)).toEqual({ kind: 'on_time', inGrace: false });
  });

  it('refuses a body complete 1 ms after closes_at, saying when it closed', () => {
    expect(submissionWindow(task, plusMs(closesAt, -500), plusMs(closesAt, 1), plusMs(closesAt, 1))).toEqual({
      kind: 'too_late',
      closesAt,
      graceSeconds: 0,
      reason: 'completed_after_grace',
    });
  });

  it('refuses an upload started 1 ms after closes_at on the headers', () => {
    expect(submissionWindow(task, plusMs(closesAt, 1), null, plusMs(closesAt, 1))).toMatchObject({
      kind: 'too_late',
      reason: 'started_after_close',
    });
  });
});

describe('submissionWindow with a 30 s grace', () => {
  const graced = { ...task, graceSeconds: 30 };
  const deadline = plusMs(closesAt, 30_000);

  it('computes the upload deadline', () => {
    expect(uploadDeadline(graced)).toEqual(deadline);
    expect(uploadDeadline({ ...task, graceSeconds: -5 })).toEqual(closesAt);
  });

  it('accepts an upload started at closes_at and complete exactly at closes_at + grace', () => {
    expect(submissionWindow(graced, closesAt, deadline, deadline)).toEqual({ kind: 'on_time', inGrace: true });
  });

  it('refuses the same upload complete 1 ms after the grace', () => {
    expect(submissionWindow(graced, closesAt, plusMs(deadline, 1), plusMs(deadline, 1))).toEqual({
      kind: 'too_late',
      closesAt,
      graceSeconds: 30,
      reason: 'completed_after_grace',
    });
  });

  it('gives no grace to an upload that starts after closes_at', () => {
    expect(submissionWindow(graced, plusMs(closesAt, 1), plusMs(closesAt, 2), plusMs(closesAt, 2)).kind).toBe('too_late');
  });

  it('tells an unfinished upload its deadline, then refuses it once the deadline has passed', () => {
    const start = plusMs(closesAt, -1000);
    expect(submissionWindow(graced, start, null, closesAt)).toEqual({ kind: 'in_progress', mustCompleteBy: deadline });
    expect(submissionWindow(graced, start, null, deadline).kind).toBe('in_progress');
    expect(submissionWindow(graced, start, null, plusMs(deadline, 1))).toMatchObject({ kind: 'too_late', reason: 'completed_after_grace' });
  });

  it('reads a completion time before the start (clock skew) as the start', () => {
    expect(submissionWindow(graced, closesAt, plusMs(closesAt, -10), closesAt)).toEqual({ kind: 'on_time', inGrace: false });
  });
});

describe('times that are not instants', () => {
  const invalid = new Date('not a date');

  it('refuses the upload and names the bad time instead of accepting it', () => {
    expect(submissionWindow({ ...task, closesAt: invalid }, opensAt, opensAt, opensAt)).toEqual({ kind: 'invalid_clock', field: 'closesAt' });
    expect(submissionWindow(task, invalid, null, opensAt)).toEqual({ kind: 'invalid_clock', field: 'receivedStartAt' });
  });

  it('reads an invalid freeze instant as frozen (fail closed)', () => {
    expect(taskPhase({ ...task, freezeAt: invalid }, opensAt)).toBe('frozen');
  });
});
