import { describe, expect, it } from 'vitest';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../model/submission-status.js';
import { countsAgainstQuota, quotaStatus } from './quota-status.js';

const t0 = new Date('2026-10-03T13:00:00.000Z');
const minutes = (m: number) => new Date(t0.getTime() + m * 60_000);
const plusMs = (d: Date, ms: number) => new Date(d.getTime() + ms);
const threePerHour = { limit: 3, perMinutes: 60 };

describe('countsAgainstQuota', () => {
  it('counts queued, scoring and scored; never rejected (team must fix) nor failed (our fault)', () => {
    const counted = SUBMISSION_STATUSES.filter((s) => countsAgainstQuota(s));
    expect(counted).toEqual(['queued', 'scoring', 'scored']);
  });

  it('frees the quota of a team whose submissions were rejected or failed', () => {
    const history: { at: Date; status: SubmissionStatus }[] = [
      { at: minutes(0), status: 'rejected' },
      { at: minutes(1), status: 'failed' },
      { at: minutes(2), status: 'scored' },
      { at: minutes(3), status: 'rejected' },
      { at: minutes(4), status: 'queued' },
    ];
    const counted = history.filter((s) => countsAgainstQuota(s.status)).map((s) => s.at);
    expect(quotaStatus(threePerHour, counted, minutes(5))).toEqual({
      allowed: true,
      used: 2,
      remaining: 1,
      nextSlotAt: null,
      retryAfterSeconds: 0,
    });
  });
});

describe('quotaStatus over a rolling window', () => {
  const full = [minutes(0), minutes(10), minutes(20)];

  it('is full after 3 submissions and says when the oldest slot frees', () => {
    expect(quotaStatus(threePerHour, full, minutes(30))).toEqual({
      allowed: false,
      used: 3,
      remaining: 0,
      nextSlotAt: minutes(60),
      retryAfterSeconds: 30 * 60,
    });
  });

  it('holds the slot 1 ms before the window ends and frees it at exactly received_at + window', () => {
    const justBefore = quotaStatus(threePerHour, full, plusMs(minutes(60), -1));
    expect(justBefore).toMatchObject({ allowed: false, nextSlotAt: minutes(60), retryAfterSeconds: 1 });
    expect(quotaStatus(threePerHour, full, minutes(60))).toMatchObject({ allowed: true, used: 2, remaining: 1, nextSlotAt: null });
  });

  it('rounds Retry-After up to whole seconds', () => {
    expect(quotaStatus(threePerHour, full, plusMs(minutes(59), 500)).retryAfterSeconds).toBe(60);
  });

  it('ignores input order and finds the right slot when over the limit (limit lowered mid-round)', () => {
    const over = [minutes(20), minutes(0), minutes(10), minutes(5)];
    // 4 held, limit 3: two must expire (t=0 and t=5) before one is free -> 13:65 = 14:05.
    expect(quotaStatus(threePerHour, over, minutes(30))).toMatchObject({ used: 4, remaining: 0, nextSlotAt: minutes(65) });
  });

  it('keeps a slot held by a time slightly in the future (clock skew between nodes)', () => {
    expect(quotaStatus({ limit: 1, perMinutes: 5 }, [plusMs(minutes(0), 200)], minutes(0))).toMatchObject({
      allowed: false,
      nextSlotAt: plusMs(minutes(5), 200),
    });
  });

  it('is unlimited without a rule', () => {
    expect(quotaStatus(null, full, minutes(30))).toEqual({ allowed: true, used: 3, remaining: null, nextSlotAt: null, retryAfterSeconds: 0 });
  });

  it('never frees a slot with a limit of 0', () => {
    expect(quotaStatus({ limit: 0, perMinutes: 60 }, [], minutes(0))).toEqual({
      allowed: false,
      used: 0,
      remaining: 0,
      nextSlotAt: null,
      retryAfterSeconds: 0,
    });
  });
});
