// PGlite's `query(sql, params)` makes six calls into the WASM backend per statement (parse,
// describe, bind, describe, execute, sync) to learn parameter types first. On the embedded
// database every call runs on the event loop, and a submission makes ~15 statements: this sends
// the same extended-protocol messages in ONE call instead, with parameters serialised the way
// node-postgres does on the PostgreSQL path (text, types inferred by the server; bytes binary),
// so both databases see the same values. Results are parsed by PGlite's own parser.
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

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** Runs one parameterised statement; throws PGlite's DatabaseError (with `code`) as `query` does. */
export async function pipelinedQuery(pglite: PGliteSession, sql: string, params: readonly unknown[]): Promise<Results> {
  const { serialize } = protocol;
  const message = concat([
    serialize.parse({ text: sql }),
    serialize.bind({ values: params.map((value) => prepareValue(value)) }),
    serialize.describe({ type: 'P' }),
    serialize.execute({}),
    // The backend skips to Sync after an error, so one failed statement leaves it ready.
    serialize.sync(),
  ]);
  return pglite._runExclusiveQuery(async () => {
    const { messages } = await pglite.execProtocol(message);
    const parsers = (pglite as unknown as { parsers: Parameters<typeof parse.parseResults>[1] }).parsers;
    return parse.parseResults(messages as BackendMessages, parsers)[0] ?? { rows: [], fields: [], affectedRows: 0 };
  });
}
