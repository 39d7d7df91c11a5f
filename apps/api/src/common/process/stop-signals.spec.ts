import { describe, expect, it } from 'vitest';
import { REPEAT_MEANS_FORCE_AFTER_MS, StopSignals, type SignalTarget, type StopSignal } from './stop-signals.js';

/** A process stand-in: signals are delivered by hand, exits and writes are recorded. */
function harness() {
  const listeners = new Map<StopSignal, () => void>();
  const target: SignalTarget = { on: (event, listener) => listeners.set(event, listener) };
  const exits: number[] = [];
  const written: string[] = [];
  const logged: string[] = [];
  const logger = { log: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
  const clock = { ms: 0 };
  const stop = new StopSignals({ target, exit: (code) => exits.push(code), write: (text) => written.push(text), logger, now: () => clock.ms }).install();
  const send = (signal: StopSignal) => listeners.get(signal)!();
  return { stop, send, exits, written, logged, listeners, clock };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('StopSignals', () => {
  it('listens to SIGTERM and SIGINT', () => {
    expect([...harness().listeners.keys()].sort()).toEqual(['SIGINT', 'SIGTERM']);
  });

  it('closes at once, then exits 0, once start-up is done', async () => {
    const { stop, send, exits, logged } = harness();
    let closed = 0;
    stop.started(async () => void closed++);
    send('SIGTERM');
    await settle();
    expect(closed).toBe(1);
    expect(exits).toEqual([0]);
    expect(logged).toContain('SIGTERM received: closing');
  });

  it('waits for start-up when the signal arrives first, then closes without losing the banner', async () => {
    const { stop, send, exits, written } = harness();
    stop.holdSecrets(['Admin token:', '  secret']);
    send('SIGINT');
    await settle();
    expect(stop.stopRequested).toBe(true);
    expect(exits).toEqual([]); // start-up goes on: its tokens are not printed yet
    // Start-up prints its banner itself, then hands over the close.
    let closed = 0;
    stop.started(async () => void closed++);
    await settle();
    expect(closed).toBe(1);
    expect(exits).toEqual([0]);
    expect(written).toEqual([]); // nothing printed twice
  });

  it('takes the copy npm forwards of a Ctrl-C as the same request', () => {
    const { stop, send, exits, clock } = harness();
    stop.holdSecrets(['Admin token:', '  secret']);
    send('SIGINT');
    clock.ms += 5;
    send('SIGINT');
    expect(exits).toEqual([]);
  });

  it('stops at once on a second signal, printing the secrets held so far', () => {
    const { stop, send, exits, written, clock } = harness();
    stop.holdSecrets(['Admin token:', '  secret']);
    send('SIGTERM');
    clock.ms += REPEAT_MEANS_FORCE_AFTER_MS;
    send('SIGTERM');
    expect(exits).toEqual([1]);
    expect(written).toEqual(['Admin token:\n  secret\n']);
  });

  it('prints held secrets once, and nothing after start-up has shown them', () => {
    const { stop, written } = harness();
    stop.holdSecrets(['a']);
    stop.printHeldSecrets();
    stop.printHeldSecrets();
    expect(written).toEqual(['a\n']);
    stop.holdSecrets(['b']);
    stop.started(async () => undefined);
    stop.printHeldSecrets();
    expect(written).toEqual(['a\n']);
  });

  it('exits 1 when closing fails', async () => {
    const { stop, send, exits, logged } = harness();
    stop.started(() => Promise.reject(new Error('database would not close')));
    send('SIGTERM');
    await settle();
    expect(exits).toEqual([1]);
    expect(logged.some((line) => line.includes('database would not close'))).toBe(true);
  });
});
