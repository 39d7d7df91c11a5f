// PGlite's `query(sql, params)` makes six calls into the WASM backend per statement (parse,
// describe, bind, describe, execute, sync) to learn parameter types first. On the embedded
// database every call runs on the event loop, and a submission makes ~15 statements: this sends
// the same extended-protocol messages in ONE call instead, with parameters serialised the way
// node-postgres does on the PostgreSQL path (text, types inferred by the server; bytes binary),
// so both databases see the same values. Results are parsed by PGlite's own parser.
//
// Each distinct statement is also kept prepared in the session (see PreparedStatements): parsing
// and planning cost about three times what running one of the app's small statements costs.
import { createRequire } from 'node:module';
import { parse, protocol } from '@electric-sql/pglite';

type Results = ReturnType<typeof parse.parseResults>[number];
type BackendMessages = Parameters<typeof parse.parseResults>[0];

/** The part of a PGlite instance used here (typeorm-pglite loads PGlite's CommonJS build). */
interface PGliteSession {
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  execProtocol(message: Uint8Array): Promise<{ messages: unknown[] }>;
}

const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(value: unknown): string | Buffer | null };

/** Statements kept prepared per session; past this the least recently used one is closed. */
export const MAX_PREPARED_STATEMENTS = 256;

/**
 * The session's prepared statements by SQL text, least recently used first. Prepared statements
 * outlive transactions (a rollback keeps them) and PostgreSQL re-plans one itself when a table it
 * reads changes, except when the change alters its result shape: it then refuses to run it
 * ("cached plan must not change result type", SQLSTATE 0A000). So a schema change through the
 * pool forgets them all (`forgetPreparedStatements`), and that error forgets the one statement
 * (a change the pool did not see), so that its next run prepares it again.
 */
class PreparedStatements {
  private readonly names = new Map<string, string>();
  /** Forgotten statements, closed in front of the next statement prepared. */
  private readonly toClose: string[] = [];
  private counter = 0;

  /** The statement's name if it is prepared; marks it recently used. */
  lookup(sql: string): string | undefined {
    const name = this.names.get(sql);
    if (name !== undefined) {
      this.names.delete(sql);
      this.names.set(sql, name);
    }
    return name;
  }

  /**
   * A name for a statement about to be prepared, and the Close messages to send in front of it:
   * the least recently used statement makes room first, so the session never holds more.
   */
  admit(): { name: string; closing: Uint8Array[] } {
    while (this.names.size >= MAX_PREPARED_STATEMENTS) {
      const [oldest, oldestName] = this.names.entries().next().value as [string, string];
      this.forget(oldest, oldestName);
    }
    const closing = this.toClose.splice(0).map((name) => protocol.serialize.close({ type: 'S', name }));
    return { name: `podium_${++this.counter}`, closing };
  }

  remember(sql: string, name: string): void {
    this.names.set(sql, name);
  }

  forget(sql: string, name: string): void {
    if (this.names.get(sql) !== name) return;
    this.names.delete(sql);
    this.toClose.push(name);
  }

  /** After a schema change: every statement is prepared again when next used. */
  forgetAll(): void {
    for (const [sql, name] of this.names) this.forget(sql, name);
  }

  get size(): number {
    return this.names.size;
  }
}

const preparedBySession = new WeakMap<PGliteSession, PreparedStatements>();

function preparedOf(pglite: PGliteSession): PreparedStatements {
  let prepared = preparedBySession.get(pglite);
  if (!prepared) preparedBySession.set(pglite, (prepared = new PreparedStatements()));
  return prepared;
}

/** Called for DDL (migrations): see PreparedStatements. */
export function forgetPreparedStatements(pglite: PGliteSession): void {
  preparedBySession.get(pglite)?.forgetAll();
}

/** How many statements the session keeps prepared (tests). */
export const preparedStatementCount = (pglite: PGliteSession): number => preparedOf(pglite).size;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

const PLAN_SHAPE_CHANGED = '0A000';

/**
 * Sends `messages(name)` for `sql` prepared in the session (preparing it first if needed), all
 * inside the session's exclusive section: what is prepared must follow the order calls run in.
 * The parameters are serialised as node-postgres does. Throws PGlite's DatabaseError.
 */
function withPrepared(
  pglite: PGliteSession,
  sql: string,
  params: readonly unknown[],
  messages: (bind: Uint8Array) => Uint8Array[],
): Promise<{ messages: unknown[] }> {
  const { serialize } = protocol;
  const values = params.map((value) => prepareValue(value));
  const prepared = preparedOf(pglite);
  return pglite._runExclusiveQuery(async () => {
    let name = prepared.lookup(sql);
    if (name === undefined) {
      const admitted = prepared.admit();
      name = admitted.name;
      // A call of its own: a statement that fails to parse leaves nothing behind, one that parses
      // is known to exist (a failed bind or execution in the same call would hide that).
      await pglite.execProtocol(concat([...admitted.closing, serialize.parse({ name, text: sql }), serialize.sync()]));
      prepared.remember(sql, name);
    }
    try {
      return await pglite.execProtocol(concat(messages(serialize.bind({ statement: name, values }))));
    } catch (error) {
      if ((error as { code?: unknown }).code === PLAN_SHAPE_CHANGED) prepared.forget(sql, name);
      throw error;
    }
  });
}

/** Runs one parameterised statement; throws PGlite's DatabaseError (with `code`) as `query` does. */
export async function pipelinedQuery(pglite: PGliteSession, sql: string, params: readonly unknown[]): Promise<Results> {
  const { serialize } = protocol;
  // The backend skips to Sync after an error, so one failed statement leaves it ready.
  const { messages } = await withPrepared(pglite, sql, params, (bind) => [bind, serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]);
  const parsers = (pglite as unknown as { parsers: Parameters<typeof parse.parseResults>[1] }).parsers;
  return parse.parseResults(messages as BackendMessages, parsers)[0] ?? { rows: [], fields: [], affectedRows: 0 };
}

/**
 * Prepares and plans one statement without running it: Bind plans it (with these parameters),
 * and with no Execute nothing is read or written, and no sequence moves. What a fresh backend
 * then pays on the statement's first real run is the execution only.
 */
export async function planOnly(pglite: PGliteSession, sql: string, params: readonly unknown[]): Promise<void> {
  await withPrepared(pglite, sql, params, (bind) => [bind, protocol.serialize.sync()]);
}
