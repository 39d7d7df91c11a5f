/** A minimal FIFO async mutex: `acquire()` resolves with the function that releases it. */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      let done = false;
      release = () => {
        // A query runner may release twice (error then release): only the first counts.
        if (!done) {
          done = true;
          resolve();
        }
      };
    });
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return ready;
  }
}
