// Child process of bench/query.ts: the real API (buildApp); on a second port, a plain Fastify
// route running the same core calls (same SQL) with hand-written JSON; on a third, the bare
// routes (the same statements, prepared, without authentication or tenant transaction).
import Fastify from 'fastify';
import { buildApp, type ApiConfig } from '@calsync/api';
import {
  createApiKeyAuthenticator,
  createCore,
  createLogger,
  findCurrentAndNextEvents,
  findRooms,
  listEvents,
  listMailboxesFor,
  resolveTenant,
  type CoreConfig,
} from '@calsync/core';
import { createBareRoutes } from './query-bare.ts';

interface ServerArgs {
  core: Omit<CoreConfig, 'encryptionKeys'>;
  adminApiKey: string;
  /** Owner connection (bypasses RLS) and tenant for the bare routes. */
  ownerUrl: string;
  tenantId: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ServerArgs;
const coreConfig: CoreConfig = {
  ...args.core,
  encryptionKeys: [{ id: 'bench', key: Buffer.alloc(32, 7) }],
};
const core = createCore(coreConfig, { logger: createLogger({ level: 'silent' }) });
const config: ApiConfig = {
  core: coreConfig,
  host: '127.0.0.1',
  port: 0,
  adminApiKey: args.adminApiKey,
  introspection: false,
  // The per-key and per-tenant limits stay on (counted per request, shared through Redis),
  // set high enough that the load never reaches them.
  rateLimitPerMinute: 10_000_000,
  limits: { perTenantPerMinute: 10_000_000 },
};
const api = await buildApp({ config, core });
const apiAddress = await api.listen({ port: 0, host: '127.0.0.1' });

const plain = Fastify();
const authenticator = createApiKeyAuthenticator({ db: core.db });
async function principalOf(header: string | undefined) {
  const key = header?.replace(/^Bearer\s+/i, '') ?? '';
  const principal = await authenticator.authenticate(key);
  if (!principal) throw Object.assign(new Error('unauthenticated'), { statusCode: 401 });
  return principal;
}
plain.post('/room-day', async (request) => {
  const principal = await principalOf(request.headers.authorization);
  const body = request.body as { address: string; start: string; end: string };
  const page = await listEvents(core.db, resolveTenant(principal), {
    addresses: [body.address],
    start: new Date(body.start),
    end: new Date(body.end),
    first: 100,
  });
  return {
    data: {
      events: {
        nodes: page.nodes.map((e) => ({
          id: e.id,
          subject: e.subject,
          start: e.startAt.toISOString(),
          end: e.endAt.toISOString(),
          showAs: e.showAs,
        })),
      },
    },
  };
});
plain.post('/rooms-now', async (request) => {
  const principal = await principalOf(request.headers.authorization);
  const body = request.body as { after: string | null };
  // As the GraphQL query: it selects no totalCount, so none is counted.
  const page = await listMailboxesFor(core, principal, { first: 50, after: body.after, countTotal: false });
  const found = await findCurrentAndNextEvents(
    core.db,
    resolveTenant(principal),
    page.nodes.map((m) => m.id),
    new Date(),
  );
  const brief = (e: { subject: string | null; startAt: Date; endAt: Date } | null | undefined) =>
    e ? { subject: e.subject, start: e.startAt.toISOString(), end: e.endAt.toISOString() } : null;
  return {
    data: {
      mailboxes: {
        nodes: page.nodes.map((m) => ({
          address: m.address,
          currentEvent: brief(found.get(m.id)?.current),
          nextEvent: brief(found.get(m.id)?.next),
        })),
      },
    },
  };
});
plain.post('/free-rooms', async (request) => {
  const principal = await principalOf(request.headers.authorization);
  const body = request.body as { start: string; end: string; minCapacity: number };
  const page = await findRooms(core, principal, {
    start: new Date(body.start),
    end: new Date(body.end),
    filter: { minCapacity: body.minCapacity },
    first: 20,
  });
  return {
    data: {
      findRooms: {
        totalCount: page.totalCount,
        nodes: page.nodes.map((r) => ({
          freeFrom: r.freeFrom?.toISOString() ?? null,
          freeUntil: r.freeUntil?.toISOString() ?? null,
          mailbox: { address: r.mailbox.address, displayName: r.mailbox.displayName },
          room: r.room ? { capacity: r.room.capacity, building: r.room.building } : null,
        })),
      },
    },
  };
});
const plainAddress = await plain.listen({ port: 0, host: '127.0.0.1' });

const bareRoutes = await createBareRoutes(args.ownerUrl, args.tenantId, 10);
const bare = Fastify();
bare.post('/room-day', async (request) => {
  const body = request.body as { address: string; start: string; end: string };
  const rows = await bareRoutes.roomDay(body.address, new Date(body.start), new Date(body.end));
  return {
    data: {
      events: {
        nodes: rows.slice(0, 100).map((e) => ({
          id: e.id,
          subject: e.subject,
          start: new Date(e.start_at as string).toISOString(),
          end: new Date(e.end_at as string).toISOString(),
          showAs: e.show_as,
        })),
      },
    },
  };
});
bare.post('/rooms-now', async (request) => {
  const body = request.body as { after: string | null };
  const now = new Date();
  const found = await bareRoutes.roomsNow(body.after, now);
  const brief = (e: Record<string, unknown> | undefined) =>
    e
      ? {
          subject: e.subject,
          start: new Date(e.start_at as string).toISOString(),
          end: new Date(e.end_at as string).toISOString(),
        }
      : null;
  return {
    data: {
      mailboxes: {
        nodes: found.mailboxes.map((m) => {
          const mine = found.events.filter((e) => e.mailbox_id === m.id);
          return {
            address: m.address,
            currentEvent: brief(mine.find((e) => new Date(e.start_at as string) <= now)),
            nextEvent: brief(mine.find((e) => new Date(e.start_at as string) > now)),
          };
        }),
      },
    },
  };
});
const bareAddress = await bare.listen({ port: 0, host: '127.0.0.1' });
console.log(`READY ${apiAddress} ${plainAddress} ${bareAddress}`);

process.on('SIGTERM', () => {
  void Promise.all([api.close(), plain.close(), bare.close(), authenticator.close(), bareRoutes.close()])
    .then(() => core.close())
    .finally(() => process.exit(0));
});
