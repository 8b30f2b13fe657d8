// Turning private-event masking on must re-apply it to rows already stored: updateConnector drops
// the mailboxes' delta state with the update and enqueues a full sync, which rewrites every row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineHarness, type EngineHarness } from './support/engine-harness.ts';
import { createMailboxSyncer, updateConnector, type Core, type MailboxSyncPayload } from '@calsync/core';
import { type AdminReader, type SeededConnector } from './support/calsync-db.ts';
import type { TrustedEmulator } from '@calsync/graph-emulator/testing';

let harness: EngineHarness;
let env: TrustedEmulator;
let core: Core;
let admin: AdminReader;
let seeded: SeededConnector;
let address: string;
let emuMailboxId: string;

beforeAll(async () => {
  harness = await startEngineHarness({
    addresses: (all) => [all.find((m) => m.restEnabled)!.address.toLowerCase()],
    maskPrivate: false,
  });
  const mailbox = harness.mailboxes.find((m) => m.restEnabled)!;
  address = mailbox.address.toLowerCase();
  emuMailboxId = mailbox.id;
  ({ env, core, admin, seeded } = harness);
});
afterAll(() => harness?.close());

function sync(request: Pick<MailboxSyncPayload, 'mode' | 'trigger'>) {
  return createMailboxSyncer(core)({
    tenantId: seeded.tenantId,
    mailboxId: seeded.mailboxIds.get(address)!,
    ...request,
  });
}

async function queuedSyncs(): Promise<MailboxSyncPayload[]> {
  const jobs = await core.queues.sync.getJobs(['waiting', 'prioritized', 'delayed']);
  return jobs.map((j) => j.data as MailboxSyncPayload);
}

async function storedSubject(sourceId: string): Promise<string | null | undefined> {
  // Stored under its immutable id (docs/microsoft-graph.md §9.7).
  const immutable = env.emu.state.calendar.toImmutableId(emuMailboxId, sourceId);
  return (await admin.events(seeded.mailboxIds.get(address)!)).get(immutable)?.subject;
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
      cursor: null,
      resumeCursor: null,
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
    expect((await admin.mailbox(seeded.mailboxIds.get(address)!)).cursor).not.toBeNull();
  });
});
