// The embedded database's own thread: PGlite runs its WASM backend synchronously, so on the main
// thread every statement - a 4 MB answer-key chunk, a board query - stalled the event loop for as
// long as it ran. Here it stalls only this thread. Messages: see pglite-thread.ts.
import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pipelinedQuery } from './pglite-pipelined-query.js';
import type { PGliteThreadReply, PGliteThreadRequest } from './pglite-thread.js';

const port = parentPort!;
let db: PGlite | null = null;

/** The fields of PGlite's DatabaseError worth sending back (TypeORM and our filters read `code`, `constraint`, `detail`). */
const ERROR_FIELDS = ['name', 'severity', 'code', 'detail', 'hint', 'position', 'where', 'schema', 'table', 'column', 'dataType', 'constraint', 'routine'] as const;

async function handle(request: PGliteThreadRequest): Promise<unknown> {
  switch (request.kind) {
    case 'open':
      if (db) throw new Error('this thread already holds an open database');
      db = await PGlite.create({ dataDir: request.dataDir });
      return null;
    case 'close':
      await db?.close();
      db = null;
      return null;
    case 'query':
      return query(request.sql, request.params);
    case 'ping':
      if (!db || db.closed) throw new Error('the embedded database is not open');
      return null;
  }
}

async function query(sql: string, params: unknown[] | undefined): Promise<unknown> {
  if (!db) throw new Error('the embedded database is not open');
  // Parameterised statements: one call into the backend (pipelinedQuery). Plain text may hold
  // several statements (migrations): exec, and TypeORM wants the last result.
  if (params && params.length > 0) {
    // Bytes arrive as Uint8Array (structured clone drops Buffer): bind sends Buffers as binary.
    const values = params.map((value) => (value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value));
    return pipelinedQuery(db as unknown as Parameters<typeof pipelinedQuery>[0], sql, values);
  }
  const results = await db.exec(sql);
  return results[results.length - 1] ?? { rows: [], fields: [], affectedRows: 0 };
}

port.on('message', (request: PGliteThreadRequest) => {
  handle(request).then(
    (result) => port.postMessage({ id: request.id, result } satisfies PGliteThreadReply),
    (error: unknown) => {
      const fields: Record<string, unknown> & { message: string } = { message: error instanceof Error ? error.message : String(error) };
      if (error && typeof error === 'object') {
        for (const key of ERROR_FIELDS) {
          const value = (error as Record<string, unknown>)[key];
          if (value !== undefined) fields[key] = value;
        }
      }
      port.postMessage({ id: request.id, error: fields } satisfies PGliteThreadReply);
    },
  );
});
