// The "bare" routes of bench/query.ts: the statements the core sends for a request, captured once
// through the drizzle logger, replayed as named prepared statements on an owner pool — no
// authentication, no tenant transaction, no ORM. This is the ceiling tenant-scoped reads are
// measured against (issue 18, goal 2).
import pg from 'pg';
import {
  createDatabase,
  decodeCursor,
  encodeCursor,
  findCurrentAndNextEvents,
  listEvents,
  listMailboxesFor,
  type Database,
} from '@calsync/core';

interface Statement {
  text: string;
  params: readonly unknown[];
}

// Values no real request carries: found again in the captured parameters and swapped per request.
const SENTINEL_ADDRESS = 'bare-sentinel@bench.invalid';
const SENTINEL_START = new Date('2001-02-03T04:05:06.000Z');
const SENTINEL_END = new Date('2001-02-04T04:05:06.000Z');
const SENTINEL_ID = '00000000-0000-4000-8000-00000000b4e0';
const SENTINEL_NOW = new Date('2001-03-04T05:06:07.000Z');

const TRANSACTION_CONTROL = /^(begin|commit|rollback|select set_config)/i;

async function captureStatements(
  ownerUrl: string,
  run: (db: Database) => Promise<unknown>,
): Promise<Statement[]> {
  const seen: Statement[] = [];
  const handle = createDatabase(ownerUrl, { max: 1, onQuery: (text, params) => seen.push({ text, params }) });
  try {
    await run(handle.db);
  } finally {
    await handle.close();
  }
  return seen.filter((s) => !TRANSACTION_CONTROL.test(s.text));
}

const sameInstant = (value: unknown, sentinel: Date): boolean =>
  (value instanceof Date && value.getTime() === sentinel.getTime()) ||
  (typeof value === 'string' && !Number.isNaN(Date.parse(value)) && Date.parse(value) === sentinel.getTime());

/** The captured parameters with each sentinel replaced by this request's value. */
const rebind = (params: readonly unknown[], swap: (value: unknown) => unknown): unknown[] => params.map(swap);

function only(statements: Statement[], what: string): Statement {
  if (statements.length !== 1)
    throw new Error(`expected one ${what} statement, captured ${statements.length}`);
  return statements[0]!;
}

export interface BareRoutes {
  /** The room-day statement as the core sends it, with this request's parameters. */
  roomDayStatement(address: string, start: Date, end: Date): { text: string; values: unknown[] };
  roomDay(address: string, start: Date, end: Date): Promise<Record<string, unknown>[]>;
  roomsNow(
    after: string | null,
    now: Date,
  ): Promise<{ mailboxes: Record<string, unknown>[]; events: Record<string, unknown>[] }>;
  close(): Promise<void>;
}

/** Captures the room-day and rooms-now statements for `tenantId` and serves them on an owner pool. */
export async function createBareRoutes(
  ownerUrl: string,
  tenantId: string,
  poolSize: number,
): Promise<BareRoutes> {
  const principal = { role: 'ADMIN' as const, tenantId, keyId: 'bench-capture' };
  const roomDay = only(
    await captureStatements(ownerUrl, (db) =>
      listEvents(db, tenantId, {
        addresses: [SENTINEL_ADDRESS],
        start: SENTINEL_START,
        end: SENTINEL_END,
        first: 100,
      }),
    ),
    'room-day',
  );
  const pageFirst = only(
    await captureStatements(ownerUrl, (db) =>
      listMailboxesFor({ db }, principal, { first: 50, countTotal: false }),
    ),
    'mailbox page',
  );
  const pageAfter = only(
    await captureStatements(ownerUrl, (db) =>
      listMailboxesFor({ db }, principal, {
        first: 50,
        after: encodeCursor(SENTINEL_ADDRESS),
        countTotal: false,
      }),
    ),
    'mailbox page after a cursor',
  );
  const currentNext = only(
    await captureStatements(ownerUrl, (db) =>
      findCurrentAndNextEvents(db, tenantId, [SENTINEL_ID], SENTINEL_NOW),
    ),
    'current/next',
  );

  const pool = new pg.Pool({ connectionString: ownerUrl, max: poolSize });
  const run = async (name: string, statement: Statement, swap: (value: unknown) => unknown) =>
    (await pool.query({ name, text: statement.text, values: rebind(statement.params, swap) })).rows as Record<
      string,
      unknown
    >[];

  const roomDaySwap = (address: string, start: Date, end: Date) => (value: unknown) => {
    if (Array.isArray(value) && value[0] === SENTINEL_ADDRESS) return [address.toLowerCase()];
    if (sameInstant(value, SENTINEL_START)) return start.toISOString();
    if (sameInstant(value, SENTINEL_END)) return end.toISOString();
    return value;
  };
  return {
    roomDayStatement: (address, start, end) => ({
      text: roomDay.text,
      values: rebind(roomDay.params, roomDaySwap(address, start, end)),
    }),
    roomDay: (address, start, end) => run('bare_room_day', roomDay, roomDaySwap(address, start, end)),
    async roomsNow(after, now) {
      const cursor = after === null ? null : decodeCursor(after);
      const swapCursor = (value: unknown) => (value === SENTINEL_ADDRESS ? cursor : value);
      const page = cursor === null ? pageFirst : pageAfter;
      const suffix = cursor === null ? 'first' : 'after';
      const mailboxes = (await run(`bare_page_${suffix}`, page, swapCursor)).slice(0, 50);
      const ids = mailboxes.map((m) => m.id);
      const events = await run('bare_current_next', currentNext, (value) => {
        if (Array.isArray(value) && value[0] === SENTINEL_ID) return ids;
        if (sameInstant(value, SENTINEL_NOW)) return now;
        return value;
      });
      return { mailboxes, events };
    },
    close: () => pool.end(),
  };
}
