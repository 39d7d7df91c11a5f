import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for.js';

describe('waitFor', () => {
  it('returns the first value that is not undefined, null or false, treating throws as "not yet"', async () => {
    let calls = 0;
    const value = await waitFor(() => {
      calls++;
      if (calls === 1) throw new Error('not listening yet');
      return calls < 4 ? false : { calls };
    }, 'the fourth call', { intervalMs: 1 });
    expect(value).toEqual({ calls: 4 });
  });

  it('names what it waited for and the last error when time runs out', async () => {
    await expect(waitFor(() => { throw new Error('refused'); }, () => 'a server', { timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(
      /timed out after 30 ms waiting for a server \(last error: refused\)/,
    );
  });

  it('stops at once when giveUpIf gives a reason', async () => {
    await expect(waitFor(() => undefined, 'a process', { timeoutMs: 10_000, giveUpIf: () => 'it exited' })).rejects.toThrow('gave up waiting for a process: it exited');
  });
});
