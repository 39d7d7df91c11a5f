// Coalesces leaderboard refreshes per task: while one runs, further requests for the same task
// collapse into a single follow-up run, and runs start at least MIN_INTERVAL_MS apart. Under a
// burst of scored submissions a board is recomputed a few times per second instead of once per
// submission (each run reads the task's whole truth), and always once after the last.
import { Injectable, Logger } from '@nestjs/common';
import { LeaderboardService } from './leaderboard.service.js';

/** A screen shows at most ~4 board changes per second per task: plenty for an audience. */
export const MIN_INTERVAL_MS = 250;

@Injectable()
export class LeaderboardRefresher {
  private readonly logger = new Logger('LeaderboardRefresher');
  private readonly running = new Map<number, Promise<void>>();
  private readonly again = new Set<number>();
  private readonly lastStart = new Map<number, number>();

  constructor(private readonly leaderboards: LeaderboardService) {}

  /** Resolves once a refresh that started after this call has finished. */
  request(taskId: number): Promise<void> {
    const current = this.running.get(taskId);
    if (current) {
      // The running loop makes one more pass before it resolves.
      this.again.add(taskId);
      return current;
    }
    const run = this.loop(taskId);
    this.running.set(taskId, run);
    return run;
  }

  /** Waits for every refresh in flight (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  private async loop(taskId: number): Promise<void> {
    try {
      do {
        const wait = (this.lastStart.get(taskId) ?? -Infinity) + MIN_INTERVAL_MS - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        this.again.delete(taskId);
        this.lastStart.set(taskId, Date.now());
        try {
          await this.leaderboards.refresh(taskId);
        } catch (error) {
          // The next scored submission (or the start-up refresh) brings the board up to date.
          this.logger.error(`refresh of task ${taskId} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      } while (this.again.has(taskId));
    } finally {
      this.running.delete(taskId);
    }
  }
}
