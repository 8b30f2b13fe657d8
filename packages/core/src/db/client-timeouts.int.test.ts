// The pool bounds an outage or a frozen caller: nothing waits on Postgres without a limit.
import { createServer, type Server, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.ts';
import { sqlState } from '../errors/index.ts';
import { createDatabase } from './client.ts';

const timeouts = { connectTimeoutMs: 300, statementTimeoutMs: 400, idleInTransactionTimeoutMs: 400 };
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('Postgres pool bounds', () => {
  it('cancels a statement running longer than the statement timeout (57014)', async () => {
    const handle = createDatabase(database.appUrl, { max: 1, timeouts });
    try {
      const error = await handle.db.execute(sql`select pg_sleep(3)`).then(
        () => null,
        (e: unknown) => e,
      );
      expect(sqlState(error)).toBe('57014');
      // The connection is usable again at once.
      expect((await handle.db.execute(sql`select 1 as one`)).rows).toEqual([{ one: 1 }]);
    } finally {
      await handle.close();
    }
  });

  it('ends a session left idle inside a transaction', async () => {
    const handle = createDatabase(database.appUrl, { max: 1, timeouts });
    try {
      const client = await handle.pool.connect();
      client.on('error', () => undefined);
      await client.query('begin');
      await new Promise((r) => setTimeout(r, 1_000));
      await expect(client.query('select 1')).rejects.toThrow();
      client.release(true);
      expect((await handle.db.execute(sql`select 2 as two`)).rows).toEqual([{ two: 2 }]);
    } finally {
      await handle.close();
    }
  });

  it('fails a connection attempt to a server that never answers within the connect timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const handle = createDatabase(`postgres://calsync_app:x@127.0.0.1:${port}/none`, { max: 1, timeouts });
    try {
      // Without the bound this query waits forever (the test would time out).
      const error = await handle.db.execute(sql`select 1`).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect((error?.cause as Error | undefined)?.message).toMatch(/timeout/i);
    } finally {
      await handle.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('survives the server dropping a connection that is checked out mid-transaction', async () => {
    const handle = createDatabase(database.appUrl, { max: 2, timeouts });
    const owner = createDatabase(database.adminUrl, { max: 1 });
    try {
      const client = await handle.pool.connect();
      await client.query('begin');
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      // What a Postgres restart does to every session; unhandled, the client's 'error' event ends the process.
      await owner.pool.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      await new Promise((r) => setTimeout(r, 300));
      await expect(client.query('select 1')).rejects.toThrow();
      client.release(true);
      expect((await handle.db.execute(sql`select 3 as three`)).rows).toEqual([{ three: 3 }]);
    } finally {
      await owner.close();
      await handle.close();
    }
  });
});
