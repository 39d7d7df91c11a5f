// On the embedded database every statement runs on the event loop, and the statements of a
// transaction follow each other through promise continuations, which never let the loop take a
// turn: an import's statements held it for 145 ms in one stretch (bench:submissions, CPU
// profile), and /api/health waited behind them. Before a statement, the pool asks for a turn
// once statements have run for `sliceMs` since the last one: sockets and timers are then served
// between two statements, at the cost of one setImmediate per slice.
import { performance } from 'node:perf_hooks';

export class LoopTurns {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs: number) {}

  /** Resolves at once inside a slice; after the next turn of the loop once the slice is over. */
  async take(): Promise<void> {
    if (performance.now() - this.sliceStart < this.sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }
}
