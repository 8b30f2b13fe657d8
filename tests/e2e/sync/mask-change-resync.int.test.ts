// Turning private-event masking on must re-apply it to rows already stored: updateConnector drops
// the mailboxes' delta state with the update and enqueues a full sync, which rewrites every row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCore,
  createLogger,
  loadConnectorCredential,
  runMailboxSync,
  updateConnector,
  type Core,
  type MailboxSyncPayload,
} from '../../../packages/core/src/index.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { openAdmin, seedConnector, type AdminReader, type SeededConnector } from './support/calsync-db.ts';
import { syncCoreConfig } from './support/core-config.ts';
import { startSyncEmulator, type SyncEmulator } from './support/emulator-env.ts';

let database: TestDatabase;
let env: SyncEmulator;
let core: Core;
let admin: AdminReader;
let seeded: SeededConnector;
let address: string;
let emuMailboxId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  env = await startSyncEmulator();
  core = createCore(syncCoreConfig(database, env.emu.url), {
    logger: createLogger({ level: 'silent' }),
    msalNetworkClient: env.msalNetworkClient,
    graphFetch: env.fetch,
  });
  const summary = env.emu.state.seedSummary!;
  const mailbox = (await env.emu.control.listMailboxes(summary.tenantId)).find((m) => m.restEnabled)!;
  address = mailbox.address.toLowerCase();
  emuMailboxId = mailbox.id;
  seeded = await seedConnector(database.adminUrl, core.secretBox, {
    slug: 'contoso',
    azureTenantId: summary.tenantId,
    clientId: summary.clientId,
    clientSecret: summary.clientSecret,
    addresses: [address],
    maskPrivate: false,
  });
  admin = openAdmin(database.adminUrl);
});

afterAll(async () => {
  await admin?.close();
  await core?.close();
  await env?.stop();
  await database?.drop();
});

function sync(request: Pick<MailboxSyncPayload, 'mode' | 'trigger'>) {
  return runMailboxSync(
    {
      db: core.db,
      redis: core.redis,
      keyPrefix: core.queuePrefix,
      logger: core.logger,
      graphClientFor: async (t) =>
        core.createGraphClientFor(await loadConnectorCredential(core, t.tenantId, t.connectorId)),
    },
    { tenantId: seeded.tenantId, mailboxId: seeded.mailboxIds.get(address)!, ...request },
  );
}

async function queuedSyncs(): Promise<MailboxSyncPayload[]> {
  const jobs = await core.queues.sync.getJobs(['waiting', 'prioritized', 'delayed']);
  return jobs.map((j) => j.data as MailboxSyncPayload);
}

async function storedSubject(graphId: string): Promise<string | null | undefined> {
  return (await admin.events(seeded.mailboxIds.get(address)!)).get(graphId)?.subject;
}

describe('changing maskPrivateEvents', () => {
  it('re-syncs the connector so a private subject stored unmasked becomes null', async () => {
    const at = (h: number) => {
      const t = new Date(Date.now() + 2 * 86_400_000);
      t.setUTCHours(h, 0, 0, 0);
      return { dateTime: t.toISOString().slice(0, 19), timeZone: 'UTC' };
    };
    const secret = await env.emu.control.createEvent(emuMailboxId, {
      subject: 'Doctor appointment',
      sensitivity: 'private',
      start: at(9),
      end: at(10),
    });
    expect(await sync({ mode: 'FULL', trigger: 'MANUAL' })).toMatchObject({ status: 'succeeded' });
    expect(await storedSubject(secret.id)).toBe('Doctor appointment');

    const principal = { role: 'ADMIN', tenantId: seeded.tenantId, keyId: 'test-key' } as const;
    const view = await updateConnector(core, principal, seeded.connectorId, { maskPrivateEvents: true });
    expect(view).toMatchObject({ maskPrivateEvents: true });
    // Delta state is gone with the update: no sync may carry on as if the stored rows were current.
    expect(await admin.mailbox(seeded.mailboxIds.get(address)!)).toMatchObject({
      deltaLink: null,
      resumeLink: null,
    });
    const queued = await queuedSyncs();
    expect(queued).toEqual([
      expect.objectContaining({ mailboxId: seeded.mailboxIds.get(address), connectorId: seeded.connectorId }),
    ]);

    // Run the queued job in-process (what the worker would do with it).
    const result = await sync(queued[0]!);
    expect(result).toMatchObject({ status: 'succeeded', kind: 'FULL' });
    expect(await storedSubject(secret.id)).toBeNull();
  });

  it('an update that leaves masking and window alone enqueues nothing and keeps the delta link', async () => {
    await core.queues.sync.obliterate({ force: true });
    await updateConnector(
      core,
      { role: 'ADMIN', tenantId: seeded.tenantId, keyId: 'test-key' },
      seeded.connectorId,
      { name: 'renamed', maskPrivateEvents: true },
    );
    expect(await queuedSyncs()).toEqual([]);
    expect((await admin.mailbox(seeded.mailboxIds.get(address)!)).deltaLink).not.toBeNull();
  });
});
