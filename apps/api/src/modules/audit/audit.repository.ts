// Appends to and reads the audit log. Every entry of an event joins that event's hash chain (see
// audit-chain.ts) inside the caller's transaction, so the entry commits with the change it records.
// A jury-only feed entry goes with it, so open consoles see the log grow live.
import { Injectable, Optional } from '@nestjs/common';
import type { AuditEntryView } from '@podium/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { FeedEventRecord } from '../feed/feed-event.record.js';
import { FeedService } from '../feed/feed.service.js';
import { isEmbeddedDatabase } from '../../database/database-kind.js';
import { CHAIN_ROWS_SQL, type ChainEntry, chainEntry, type ChainRow, entryHash, verifyChain, type ChainVerdict } from './audit-chain.js';
import { AUDIT_GENESIS_HASH } from '@podium/contracts';

export interface AuditRecord {
  /** Event slug whose chain the entry joins; default: taken from `target` (`event:<slug>...`, `team:<slug>/...`), else ''. */
  event?: string;
  actor: string;
  action: string;
  target: string;
  reason?: string | null;
  details?: Record<string, unknown>;
  /** Default now (ms precision: what the hash covers is what the database gives back). */
  at?: Date;
}

export interface AuditFilters {
  action?: string;
  actor?: string;
  target?: string;
  since?: Date;
  until?: Date;
  limit?: number;
}

/** Advisory-lock namespace of chain appends on PostgreSQL (first key of pg_advisory_xact_lock(int, int)). */
const AUDIT_LOCK_NAMESPACE = 0x61756474; // 'audt'

export function eventOfTarget(target: string): string {
  const match = /^(?:event|team):([a-z0-9][a-z0-9-]*)/.exec(target);
  return match?.[1] ?? '';
}

export function auditView(entry: ChainEntry): AuditEntryView {
  return {
    seq: entry.seq ?? 0,
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    reason: entry.reason,
    details: entry.details,
    hash: entry.hash ?? '',
    prevHash: entry.prevHash ?? '',
  };
}

@Injectable()
export class AuditRepository {
  private readonly embedded: boolean;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() private readonly feed?: FeedService,
  ) {
    this.embedded = isEmbeddedDatabase(dataSource);
  }

  /**
   * Appends an entry to its event's chain. Pass the transaction's manager so the entry commits
   * with the change; without one, the append runs in its own transaction. Returns the entry and
   * the jury feed record to publish after the commit (null when the event has no feed).
   */
  async append(record: AuditRecord, manager?: EntityManager): Promise<{ entry: AuditEntryView; feed: FeedEventRecord | null }> {
    if (!manager) return this.dataSource.transaction((m) => this.append(record, m));
    const event = record.event ?? eventOfTarget(record.target);
    // Entries of one chain get their seq one at a time (PGlite runs one transaction at a time).
    if (!this.embedded) await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [AUDIT_LOCK_NAMESPACE, event]);
    const last: { seq: number; hash: string }[] = await manager.query(
      'SELECT seq, hash FROM audit_entry WHERE event = $1 AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1',
      [event],
    );
    const at = new Date((record.at ?? new Date()).getTime());
    const content = {
      seq: (last[0] ? Number(last[0].seq) : 0) + 1,
      at,
      event,
      actor: record.actor,
      action: record.action,
      target: record.target,
      reason: record.reason ?? null,
      details: record.details ?? {},
      prevHash: last[0]?.hash ?? AUDIT_GENESIS_HASH,
    };
    const hash = entryHash(content);
    const rows: { id: number }[] = await manager.query(
      `INSERT INTO audit_entry (at, event, seq, actor, action, target, reason, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10) RETURNING id`,
      [at, event, content.seq, content.actor, content.action, content.target, content.reason, JSON.stringify(content.details), content.prevHash, hash],
    );
    const entry = auditView({ ...content, id: Number(rows[0]?.id ?? 0), hash });
    let feed: FeedEventRecord | null = null;
    if (this.feed && event !== '') {
      const found: { id: number }[] = await manager.query('SELECT id FROM event WHERE slug = $1', [event]);
      if (found[0]) {
        feed = await this.feed.append(manager, { eventId: found[0].id, type: 'jury', audience: 'jury', data: { kind: 'audit', entry } as unknown as Record<string, unknown> });
      }
    }
    return { entry, feed };
  }

  /** Server-wide newest entries (admin diagnostics). */
  async list(limit = 100): Promise<ChainEntry[]> {
    const rows: ChainRow[] = await this.dataSource.query(
      'SELECT id, seq, at, event, actor, action, target, reason, details, prev_hash, hash FROM audit_entry ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return rows.map(chainEntry);
  }

  /** One event's entries, oldest first, filtered. */
  async forEvent(event: string, filters: AuditFilters = {}): Promise<{ entries: AuditEntryView[]; head: string | null; total: number }> {
    const where = ['event = $1', 'seq IS NOT NULL'];
    const params: unknown[] = [event];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filters.action) add('action LIKE ?', `${filters.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (filters.actor) add('actor = ?', filters.actor);
    if (filters.target) add('target LIKE ?', `%${filters.target.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (filters.since) add('at >= ?', filters.since);
    if (filters.until) add('at <= ?', filters.until);
    params.push(Math.min(Math.max(filters.limit ?? 1000, 1), 5000));
    const rows: ChainRow[] = await this.dataSource.query(
      `SELECT id, seq, at, event, actor, action, target, reason, details, prev_hash, hash FROM audit_entry
        WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${params.length}`,
      params,
    );
    const head: { seq: number; hash: string; n: number }[] = await this.dataSource.query(
      `SELECT seq, hash, (SELECT count(*)::int FROM audit_entry WHERE event = $1 AND seq IS NOT NULL) AS n
         FROM audit_entry WHERE event = $1 AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1`,
      [event],
    );
    return { entries: rows.map((r) => auditView(chainEntry(r))), head: head[0]?.hash ?? null, total: Number(head[0]?.n ?? 0) };
  }

  /** Re-walks one event's chain as stored. */
  async verify(event: string, manager: EntityManager = this.dataSource.manager): Promise<ChainVerdict> {
    const rows: ChainRow[] = await manager.query(CHAIN_ROWS_SQL, [event]);
    return verifyChain(rows.map(chainEntry));
  }
}
