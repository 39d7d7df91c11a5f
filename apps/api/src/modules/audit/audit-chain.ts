// The audit hash chain, as pure functions shared by the server (append) and `podium audit verify`
// (which reads the rows straight from the database, server running or not).
//   hash(n) = SHA-256( canonical JSON of [seq, at, event, actor, action, target, reason, details, prevHash] )
//   prevHash(1) = 64 zeros; prevHash(n) = hash(n - 1)
// Canonical JSON (RFC 8785, `@podium/contracts`, shared with the signed results) sorts object keys
// (jsonb does not keep them in insertion order).
import { createHash } from 'node:crypto';
import { AUDIT_GENESIS_HASH, canonicalJson } from '@podium/contracts';

export interface ChainEntry {
  id: number;
  seq: number | null;
  at: Date;
  event: string;
  actor: string;
  action: string;
  target: string;
  reason: string | null;
  details: Record<string, unknown>;
  prevHash: string | null;
  hash: string | null;
}

export type ChainContent = Omit<ChainEntry, 'id' | 'hash'>;

export function entryHash(entry: ChainContent): string {
  const content = [entry.seq, entry.at.toISOString(), entry.event, entry.actor, entry.action, entry.target, entry.reason, entry.details, entry.prevHash];
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

export interface ChainBreak {
  /** Row id of the first bad entry (or of the entry after a gap). */
  id: number;
  /** The seq found on that row. */
  seq: number | null;
  kind: 'edited' | 'missing' | 'reordered' | 'unchained';
  message: string;
}

export type ChainVerdict = { ok: true; entries: number; head: string | null } | { ok: false; entries: number; error: ChainBreak };

/**
 * Walks one event's chain in seq order (ties and nulls as stored) and names the first entry that
 * does not hold: a content hash that no longer matches (edited), a seq gap (deleted), an entry
 * whose predecessor is not the one it was chained to (reordered or swapped).
 */
export function verifyChain(rows: readonly ChainEntry[]): ChainVerdict {
  let prev = AUDIT_GENESIS_HASH;
  for (const [index, row] of rows.entries()) {
    const expectedSeq = index + 1;
    const where = `entry #${row.seq ?? '?'} (row id ${row.id}, ${row.action} on ${row.target} at ${row.at.toISOString()})`;
    if (row.seq === null || row.hash === null || row.prevHash === null) {
      return { ok: false, entries: rows.length, error: { id: row.id, seq: row.seq, kind: 'unchained', message: `${where} has no seq or hash: it was not written by the chain` } };
    }
    if (entryHash(row) !== row.hash) {
      return { ok: false, entries: rows.length, error: { id: row.id, seq: row.seq, kind: 'edited', message: `${where} was edited: its content no longer matches its hash` } };
    }
    if (row.seq !== expectedSeq) {
      const kind = row.seq > expectedSeq ? 'missing' : 'reordered';
      const message =
        kind === 'missing'
          ? `${where}: entry #${expectedSeq}${row.seq - expectedSeq > 1 ? `-#${row.seq - 1}` : ''} before it is missing (deleted)`
          : `${where} is out of place: expected entry #${expectedSeq} here`;
      return { ok: false, entries: rows.length, error: { id: row.id, seq: row.seq, kind, message } };
    }
    if (row.prevHash !== prev) {
      return {
        ok: false,
        entries: rows.length,
        error: { id: row.id, seq: row.seq, kind: 'reordered', message: `${where} does not follow the entry before it (previous hash differs): entries were swapped or replaced` },
      };
    }
    prev = row.hash;
  }
  return { ok: true, entries: rows.length, head: rows.length === 0 ? null : prev };
}

/** The rows of one event's chain in the order verify walks them (a plain SELECT, any driver). */
export const CHAIN_ROWS_SQL = `SELECT id, seq, at, event, actor, action, target, reason, details, prev_hash, hash
  FROM audit_entry WHERE event = $1 AND (seq IS NOT NULL OR hash IS NOT NULL OR prev_hash IS NOT NULL) ORDER BY seq NULLS LAST, id`;

export interface ChainRow {
  id: number;
  seq: number | null;
  at: Date | string;
  event: string;
  actor: string;
  action: string;
  target: string;
  reason: string | null;
  details: Record<string, unknown> | string;
  prev_hash: string | null;
  hash: string | null;
}

export function chainEntry(row: ChainRow): ChainEntry {
  return {
    id: Number(row.id),
    seq: row.seq === null ? null : Number(row.seq),
    at: row.at instanceof Date ? row.at : new Date(row.at),
    event: row.event,
    actor: row.actor,
    action: row.action,
    target: row.target,
    reason: row.reason,
    details: typeof row.details === 'string' ? (JSON.parse(row.details) as Record<string, unknown>) : row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
