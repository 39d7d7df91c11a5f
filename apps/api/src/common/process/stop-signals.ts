// Graceful stop on SIGTERM/SIGINT (docker stop, Ctrl-C), but never before start-up has printed the
// secrets it generated. The admin token and the demo's team tokens are stored only as hashes, so a
// token that was generated and committed but never shown is lost for good: a stop that arrives
// while the server starts waits for the banner, then closes. A second signal stops at once, after
// printing whatever secret is already known - but not one that follows the first within a second:
// Ctrl-C on `npm start` delivers SIGINT twice (the terminal signals the process group, and npm
// forwards its own copy), and that is one request, not two.
import { Logger } from '@nestjs/common';

export const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];
/** A repeat closer than this to the first signal is the same request (see above). */
export const REPEAT_MEANS_FORCE_AFTER_MS = 1_000;

export interface SignalTarget {
  on(event: StopSignal, listener: () => void): unknown;
}

export interface StopSignalsOptions {
  target?: SignalTarget;
  exit?: (code: number) => void;
  write?: (text: string) => void;
  logger?: Pick<Logger, 'log' | 'warn' | 'error'>;
  now?: () => number;
}

export class StopSignals {
  private readonly target: SignalTarget;
  private readonly exit: (code: number) => void;
  private readonly write: (text: string) => void;
  private readonly logger: Pick<Logger, 'log' | 'warn' | 'error'>;
  private readonly now: () => number;
  /** When the first stop signal arrived; null while none has. */
  private requestedAt: number | null = null;
  private close: (() => Promise<void>) | null = null;
  /** The secrets generated so far and not shown yet: a forced stop prints them before exiting. */
  private held: readonly string[] = [];

  constructor(options: StopSignalsOptions = {}) {
    this.target = options.target ?? process;
    this.exit = options.exit ?? ((code) => process.exit(code));
    this.write = options.write ?? ((text) => process.stdout.write(text));
    this.logger = options.logger ?? new Logger('Shutdown');
    this.now = options.now ?? Date.now;
  }

  install(): this {
    for (const signal of STOP_SIGNALS) this.target.on(signal, () => this.onSignal(signal));
    return this;
  }

  /** True once a stop was asked for: start-up skips what it has not begun (listening, the demo). */
  get stopRequested(): boolean {
    return this.requestedAt !== null;
  }

  /** Start-up holds these secret lines and has not printed them yet. */
  holdSecrets(lines: readonly string[]): void {
    this.held = lines;
  }

  /** Prints the held secrets (once): a start-up that fails or is forced to stop still shows them. */
  printHeldSecrets(): void {
    if (this.held.length > 0) this.write(this.held.join('\n') + '\n');
    this.held = [];
  }

  /** Start-up has printed its banner: from now on a stop closes at once, and a pending one does now. */
  started(close: () => Promise<void>): void {
    this.held = [];
    this.close = close;
    if (this.requestedAt !== null) this.closeNow();
  }

  private onSignal(signal: StopSignal): void {
    if (this.requestedAt !== null) {
      if (this.now() - this.requestedAt < REPEAT_MEANS_FORCE_AFTER_MS) return;
      this.logger.warn(`${signal} received again: stopping now`);
      this.printHeldSecrets();
      this.exit(1);
      return;
    }
    this.requestedAt = this.now();
    this.logger.log(`${signal} received: closing`);
    if (this.close) this.closeNow();
    else this.logger.log('Start-up first prints the tokens it generated (they are stored only as hashes); send the signal again to stop at once.');
  }

  private closeNow(): void {
    this.close!()
      .then(() => this.exit(0))
      .catch((error: unknown) => {
        this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        this.exit(1);
      });
  }
}
