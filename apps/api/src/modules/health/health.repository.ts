import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class HealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Resolves once the database answered a trivial query; rejects when it cannot. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  /** When the oldest acknowledged submission not settled yet arrived; null when none waits. */
  async oldestUnsettled(): Promise<Date | null> {
    const rows: { oldest: Date | string | null }[] = await this.dataSource.query(`SELECT min(received_at) AS oldest FROM submission WHERE status IN ('queued', 'scoring')`);
    const oldest = rows[0]?.oldest;
    return oldest ? new Date(oldest) : null;
  }
}
