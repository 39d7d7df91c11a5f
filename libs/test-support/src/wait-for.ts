// The one polling helper of the tests, the e2e harness and the benches: a condition that is met
// some time later (a process listening, a frame arrived, a row written).

export interface WaitOptions {
  /** Default 10 s. */
  timeoutMs?: number;
  /** Pause between probes; default 50 ms. */
  intervalMs?: number;
  /** Checked before each probe: a reason stops the wait at once (e.g. the process exited). */
  giveUpIf?: () => string | undefined;
}

type Found<T> = Exclude<T, undefined | null | false>;

/**
 * Probes until `probe` gives something other than `undefined`, `null` or `false`, and returns it.
 * A probe that throws counts as "not yet" (a server not listening yet); its last error is in the
 * timeout message, with `what` (a function when the message needs the latest output).
 * `options` may be just the timeout in milliseconds.
 */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string | (() => string), options: number | WaitOptions = {}): Promise<Found<T>> {
  const { timeoutMs = 10_000, intervalMs = 50, giveUpIf } = typeof options === 'number' ? { timeoutMs: options } : options;
  const describe = () => (typeof what === 'string' ? what : what());
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const reason = giveUpIf?.();
    if (reason !== undefined) throw new Error(`gave up waiting for ${describe()}: ${reason}`);
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value as Found<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const last = lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
