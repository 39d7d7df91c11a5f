import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { embeddedPing } from '../../database/data-source.factory.js';

@Injectable()
export class HealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Resolves once the database answered; rejects when it cannot. The embedded database is asked
   * whether it is open (one session: `SELECT 1` would wait for a whole import's transaction).
   */
  async ping(): Promise<void> {
    const embedded = embeddedPing(this.dataSource);
    if (embedded) return embedded();
    await this.dataSource.query('SELECT 1');
  }

  /** When the oldest acknowledged submission not settled yet arrived; null when none waits. */
  async oldestUnsettled(): Promise<Date | null> {
    const rows: { oldest: Date | string | null }[] = await this.dataSource.query(`SELECT min(received_at) AS oldest FROM submission WHERE status IN ('queued', 'scoring')`);
    const oldest = rows[0]?.oldest;
    return oldest ? new Date(oldest) : null;
  }
}
