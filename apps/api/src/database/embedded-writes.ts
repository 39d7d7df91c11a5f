// Reads that every request repeats (a task and its event, a team by its token hash) cost a
// statement each on the embedded database, where every statement runs on the event loop. PGlite
// has exactly one writer, this process, and every statement goes through its pool: counting the
// writes that may change those rows is enough to know when a remembered answer is stale.
// PostgreSQL may have other writers (other nodes, psql): nothing is remembered there.

/** Tables whose rows the cached reads return (task and team rows hang off event: cascades). */
const WATCHED = /\b(?:UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+(?:ONLY\s+)?(?:"?public"?\.)?"?(?:task|event|team)"?(?![\w"])/i;
/** A rollback may undo a write already counted, or one read back before it (same transaction). */
const SCHEMA_OR_UNDO = /^\s*(?:TRUNCATE|ALTER|DROP|ROLLBACK)\b/i;
const MEMO_LIMIT = 1000;

/** A counter of the writes to `task`, `event` and `team` seen on the embedded database. */
export class EmbeddedWrites {
  generation = 0;
  /** Statements repeat: remember each text's verdict. */
  private readonly verdicts = new Map<string, boolean>();

  observe(sql: string): void {
    let writes = this.verdicts.get(sql);
    if (writes === undefined) {
      writes = WATCHED.test(sql) || SCHEMA_OR_UNDO.test(sql);
      if (this.verdicts.size >= MEMO_LIMIT) this.verdicts.clear();
      this.verdicts.set(sql, writes);
    }
    if (writes) this.generation++;
  }
}

/**
 * Answers remembered until the next watched write. Without `writes` (PostgreSQL) every call
 * loads. Only found values are kept (keys come from requests: misses must not fill memory).
 */
export class ReadCache<K, V extends object> {
  private readonly values = new Map<K, V>();
  private generation = -1;

  constructor(
    private readonly writes: EmbeddedWrites | null,
    private readonly limit = 1000,
  ) {}

  async get(key: K, load: () => Promise<V | null>): Promise<V | null> {
    if (!this.writes) return load();
    const generation = this.writes.generation;
    if (generation !== this.generation) {
      this.values.clear();
      this.generation = generation;
    }
    const kept = this.values.get(key);
    if (kept) return kept;
    const value = await load();
    // A write seen while loading may have changed what was read: keep nothing then.
    if (value && this.writes.generation === generation && this.generation === generation) {
      if (this.values.size >= this.limit) this.values.clear();
      this.values.set(key, value);
    }
    return value;
  }
}
