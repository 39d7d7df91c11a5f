// The embedded database's statement path: each distinct statement is prepared once per session,
// the session never holds more than MAX_PREPARED_STATEMENTS, and failures leave nothing behind.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PREPARED_STATEMENTS, pipelinedQuery, planOnly, preparedStatementCount } from './pglite-pipelined-query.js';

type Session = Parameters<typeof pipelinedQuery>[0];

describe('pipelinedQuery (PGlite)', () => {
  let pglite: PGlite;
  let session: Session;
  /** What the backend itself holds, read outside our path (simple protocol). */
  const held = async () => (await pglite.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements')).rows[0]!.n;

  beforeAll(async () => {
    pglite = await PGlite.create();
    session = pglite as unknown as Session;
    await pglite.exec('CREATE TABLE item (id int PRIMARY KEY, label text NOT NULL)');
  });

  afterAll(async () => {
    await pglite?.close();
  });

  it('prepares a statement once and runs it again with other parameters', async () => {
    const insert = 'INSERT INTO item (id, label) VALUES ($1, $2) RETURNING id, label';
    const before = await held();
    expect((await pipelinedQuery(session, insert, [1, 'one'])).rows).toEqual([{ id: 1, label: 'one' }]);
    expect((await pipelinedQuery(session, insert, [2, 'two'])).rows).toEqual([{ id: 2, label: 'two' }]);
    expect(await held()).toBe(before + 1);
    const read = await pipelinedQuery(session, 'SELECT label FROM item WHERE id = ANY($1::int[]) ORDER BY id', [[1, 2]]);
    expect(read.rows).toEqual([{ label: 'one' }, { label: 'two' }]);
    expect(await held()).toBe(before + 2);
    expect(preparedStatementCount(session)).toBe(await held());
  });

  it('keeps nothing for a statement that does not parse, and stays usable', async () => {
    const before = await held();
    for (let i = 0; i < 3; i++) await expect(pipelinedQuery(session, 'SELEC label FROM item WHERE id = $1', [1])).rejects.toMatchObject({ code: '42601' });
    expect(await held()).toBe(before);
    expect((await pipelinedQuery(session, 'SELECT count(*)::int AS n FROM item WHERE id > $1', [0])).rows).toEqual([{ n: 2 }]);
  });

  it('reuses a prepared statement whose runs fail (bad value, constraint) instead of preparing it again', async () => {
    const insert = 'INSERT INTO item (id, label) VALUES ($1, $2)';
    await pipelinedQuery(session, insert, [3, 'three']);
    const before = await held();
    for (let i = 0; i < 5; i++) {
      await expect(pipelinedQuery(session, insert, [3, 'again'])).rejects.toMatchObject({ code: '23505' });
      await expect(pipelinedQuery(session, insert, ['not a number', 'x'])).rejects.toMatchObject({ code: '22P02' });
    }
    expect(await held()).toBe(before);
  });

  it('plans a write without running it: no row, no sequence value; its first run then uses the prepared statement', async () => {
    await pglite.exec('CREATE TABLE log (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text NOT NULL)');
    const insert = 'INSERT INTO log (note) VALUES ($1) RETURNING seq';
    const before = await held();
    await planOnly(session, insert, ['planned']);
    await planOnly(session, insert, ['planned again']);
    expect(await held()).toBe(before + 1);
    expect((await pglite.query('SELECT count(*)::int AS n FROM log')).rows).toEqual([{ n: 0 }]);
    expect((await pipelinedQuery(session, insert, ['real'])).rows).toEqual([{ seq: 1 }]);
    expect(await held()).toBe(before + 1);
  });

  it('holds at most MAX_PREPARED_STATEMENTS, closing the least recently used', async () => {
    const hot = 'SELECT label FROM item WHERE id = $1';
    await pipelinedQuery(session, hot, [1]);
    for (let i = 0; i < MAX_PREPARED_STATEMENTS + 20; i++) {
      await pipelinedQuery(session, `SELECT $1::int + ${i} AS n`, [i]);
      // Used all along: never the least recently used, so never closed.
      if (i % 50 === 0) await pipelinedQuery(session, hot, [1]);
    }
    expect(preparedStatementCount(session)).toBe(MAX_PREPARED_STATEMENTS);
    expect(await held()).toBe(MAX_PREPARED_STATEMENTS);
    const statements = (await pglite.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements')).rows.map((r) => r.statement);
    expect(statements).toContain(hot);
    expect(statements).not.toContain('SELECT $1::int + 0 AS n');
  });

  it('prepares a statement again once a table change alters its result shape', async () => {
    const all = 'SELECT * FROM item WHERE id = $1';
    expect((await pipelinedQuery(session, all, [1])).rows).toEqual([{ id: 1, label: 'one' }]);
    await pglite.exec('ALTER TABLE item ADD COLUMN note text');
    // PostgreSQL refuses to run the old plan (SQLSTATE 0A000), once: the next run prepares it again.
    await expect(pipelinedQuery(session, all, [1])).rejects.toMatchObject({ code: '0A000' });
    const before = await held();
    expect((await pipelinedQuery(session, all, [1])).rows).toEqual([{ id: 1, label: 'one', note: null }]);
    // The refused statement was closed when its replacement was prepared.
    expect(await held()).toBe(before);
  });
});
