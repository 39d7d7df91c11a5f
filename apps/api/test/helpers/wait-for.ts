// Waits on a condition instead of a fixed sleep: polls until it holds, or fails naming what it
// waited for. Fixed sleeps were both slow and, on a loaded box, too short.
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string | (() => string), timeoutMs = 8000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
