// Coalesces leaderboard refreshes per task: while one runs, further requests for the same task
// collapse into a single follow-up run. Under a burst of scored submissions the board is
// recomputed a few times per second instead of once per submission, and always once after the last.
import { Injectable, Logger } from '@nestjs/common';
import { LeaderboardService } from './leaderboard.service.js';

@Injectable()
export class LeaderboardRefresher {
  private readonly logger = new Logger('LeaderboardRefresher');
  private readonly running = new Map<number, Promise<void>>();
  private readonly again = new Set<number>();

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
        this.again.delete(taskId);
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
