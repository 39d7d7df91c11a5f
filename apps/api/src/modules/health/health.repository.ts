import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isEmbeddedDatabase } from '../../database/database-kind.js';

@Injectable()
export class HealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Resolves once the database answered; rejects when it cannot. The embedded database runs in
   * this process: it is up while it is open (a `SELECT 1` would queue behind the one session an
   * import's transaction holds for seconds).
   */
  async ping(): Promise<void> {
    if (isEmbeddedDatabase(this.dataSource)) {
      if (!this.dataSource.isInitialized) throw new Error('the embedded database is closed');
      return;
    }
    await this.dataSource.query('SELECT 1');
  }

  /** When the oldest acknowledged submission not settled yet arrived; null when none waits. */
  async oldestUnsettled(): Promise<Date | null> {
    const rows: { oldest: Date | string | null }[] = await this.dataSource.query(`SELECT min(received_at) AS oldest FROM submission WHERE status IN ('queued', 'scoring')`);
    const oldest = rows[0]?.oldest;
    return oldest ? new Date(oldest) : null;
  }
}
