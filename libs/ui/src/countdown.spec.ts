import type { TaskClock } from '@podium/contracts';
import { describe, expect, it } from 'vitest';
import { URGENT_MS, countdownState } from './countdown.js';

const clock: TaskClock = {
  phase: 'open',
  opensAt: '2019-10-12T11:00:00Z',
  closesAt: '2019-10-12T13:00:00Z',
  freezeAt: '2019-10-12T12:40:00Z',
  frozen: false,
  frozenAt: null,
};
const at = (iso: string) => Date.parse(iso);

describe('countdownState', () => {
  it('counts to the opening, then to the close', () => {
    expect(countdownState(clock, at('2019-10-12T10:59:00Z'))).toMatchObject({ kind: 'upcoming', msLeft: 60_000, frozen: false });
    expect(countdownState(clock, at('2019-10-12T12:00:00Z'))).toMatchObject({ kind: 'open', msLeft: 3_600_000 });
  });

  it('turns urgent for the last ten minutes exactly', () => {
    const close = at(clock.closesAt);
    expect(countdownState(clock, close - URGENT_MS - 1000).kind).toBe('open');
    expect(countdownState(clock, close - URGENT_MS).kind).toBe('urgent');
    expect(countdownState(clock, close - 1).kind).toBe('urgent');
    expect(countdownState(clock, close)).toMatchObject({ kind: 'closed', msLeft: null });
  });

  it('shows the freeze at freeze_at even before the server says so, and after the close', () => {
    expect(countdownState(clock, at('2019-10-12T12:39:59Z')).frozen).toBe(false);
    expect(countdownState(clock, at('2019-10-12T12:40:00Z'))).toMatchObject({ frozen: true, frozenAt: clock.freezeAt });
    const frozenByJury = { ...clock, frozen: true, frozenAt: '2019-10-12T12:35:00Z' };
    expect(countdownState(frozenByJury, at('2019-10-12T12:36:00Z'))).toMatchObject({ kind: 'open', frozen: true, frozenAt: '2019-10-12T12:35:00Z' });
    expect(countdownState(frozenByJury, at('2019-10-12T14:00:00Z'))).toMatchObject({ kind: 'closed', frozen: true });
  });

  it('trusts a closed or published phase over the clock', () => {
    expect(countdownState({ ...clock, phase: 'closed' }, at('2019-10-12T12:00:00Z')).kind).toBe('closed');
    expect(countdownState({ ...clock, phase: 'final', frozen: true }, at('2019-10-13T10:00:00Z'))).toEqual({ kind: 'final', msLeft: null, frozen: false, frozenAt: null });
  });
});
