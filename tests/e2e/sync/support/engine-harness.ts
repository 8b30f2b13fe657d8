// In-process sync-engine harness shared by the engine suites: a fresh database, the seeded
// emulator trusted in-process, a core pointed at both, and one connector over chosen mailboxes.
import type { Mailbox } from '@calsync/graph-emulator';
import type { Core } from '@calsync/core';
import { createTestDatabase, type TestDatabase } from '../../../support/test-database.ts';
import { openAdmin, seedConnector, type AdminReader, type SeededConnector } from './calsync-db.ts';
import { createTestCore, emulatorEndpoints } from '../../../support/test-core.ts';
import { startTrustedEmulator, type TrustedEmulator } from '@calsync/graph-emulator/testing';

export interface EngineHarness {
  database: TestDatabase;
  env: TrustedEmulator;
  core: Core;
  admin: AdminReader;
  seeded: SeededConnector;
  /** The seeded tenant's mailboxes as the emulator knows them. */
  mailboxes: Mailbox[];
  close(): Promise<void>;
}

export async function startEngineHarness(options: {
  /** Which addresses the connector gets, chosen from the emulator's mailboxes. */
  addresses: (mailboxes: Mailbox[]) => string[];
  maskPrivate?: boolean;
  emulator?: Parameters<typeof startTrustedEmulator>[0];
}): Promise<EngineHarness> {
  const database = await createTestDatabase();
  const env = await startTrustedEmulator(options.emulator);
  const core = createTestCore(database, emulatorEndpoints(env.emu.url), {
    msalNetworkClient: env.msalNetworkClient,
    graphFetch: env.fetch,
  });
  const summary = env.emu.state.seedSummary!;
  const mailboxes = await env.emu.control.listMailboxes(summary.tenantId);
  const seeded = await seedConnector(database.adminUrl, core.secretBox, {
    slug: 'contoso',
    azureTenantId: summary.tenantId,
    clientId: summary.clientId,
    clientSecret: summary.clientSecret,
    addresses: options.addresses(mailboxes),
    ...(options.maskPrivate === undefined ? {} : { maskPrivate: options.maskPrivate }),
  });
  const admin = openAdmin(database.adminUrl);
  return {
    database,
    env,
    core,
    admin,
    seeded,
    mailboxes,
    async close() {
      await admin.close();
      await core.close();
      await env.stop();
      await database.drop();
    },
  };
}
