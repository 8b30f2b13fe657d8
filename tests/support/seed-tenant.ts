// Seeds one tenant with a row in every tenant-owned table, through an owner connection.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  apiKeys,
  connectors,
  events,
  graphSubscriptions,
  mailboxes,
  roomDetails,
  roomLists,
  seriesMasters,
  syncRuns,
  tenants,
  webhookDeliveries,
  webhookEndpoints,
  type Database,
} from '@calsync/core';

export interface SeededTenant {
  tenantId: string;
  apiKeyId: string;
  apiKeyPrefix: string;
  connectorId: string;
  mailboxId: string;
  eventId: string;
  syncRunId: string;
  seriesMasterSourceId: string;
  graphSubscriptionId: string;
  roomListAddress: string;
  webhookEndpointId: string;
  webhookDeliveryId: string;
}

export async function seedTenant(adminDb: Database, slug: string): Promise<SeededTenant> {
  const tenantId = randomUUID();
  const apiKeyPrefix = `csk_${randomBytes(4).toString('hex')}`;
  const seriesMasterSourceId = `AAMk-master-${slug}`;
  const graphSubscriptionId = randomUUID();
  return adminDb.transaction(async (tx) => {
    await tx.insert(tenants).values({ id: tenantId, slug, name: `Tenant ${slug}` });
    const [key] = await tx
      .insert(apiKeys)
      .values({ tenantId, name: 'admin', role: 'ADMIN', prefix: apiKeyPrefix, secretHash: 'a'.repeat(64) })
      .returning({ id: apiKeys.id });
    const [connector] = await tx
      .insert(connectors)
      .values({
        tenantId,
        name: `${slug} M365`,
        settings: { cloud: 'GLOBAL', azureTenantId: randomUUID(), clientId: randomUUID() },
        credentialKind: 'CLIENT_SECRET',
        credentialCiphertext: 'v1:k1:opaque',
        credentialHint: 'abcd',
      })
      .returning({ id: connectors.id });
    const connectorId = connector!.id;
    const [mailbox] = await tx
      .insert(mailboxes)
      .values({ tenantId, connectorId, address: `room-1@${slug}.example.com`, kind: 'ROOM' })
      .returning({ id: mailboxes.id });
    const mailboxId = mailbox!.id;
    await tx
      .insert(seriesMasters)
      .values({ tenantId, mailboxId, sourceId: seriesMasterSourceId, data: { subject: 'Weekly' } });
    const [event] = await tx
      .insert(events)
      .values({
        tenantId,
        mailboxId,
        sourceId: `AAMk-event-${slug}`,
        type: 'SINGLE_INSTANCE',
        subject: `Planning ${slug}`,
        startAt: new Date('2026-12-01T09:00:00Z'),
        endAt: new Date('2026-12-01T10:00:00Z'),
      })
      .returning({ id: events.id });
    await tx.insert(roomDetails).values({ tenantId, mailboxId, capacity: 8, building: `${slug} HQ` });
    const roomListAddress = `rooms@${slug}.example.com`;
    await tx
      .insert(roomLists)
      .values({ tenantId, connectorId, address: roomListAddress, displayName: 'Rooms' });
    const [run] = await tx
      .insert(syncRuns)
      .values({ tenantId, connectorId, mailboxId, kind: 'FULL', trigger: 'MANUAL' })
      .returning({ id: syncRuns.id });
    await tx.insert(graphSubscriptions).values({
      tenantId,
      mailboxId,
      connectorId,
      status: 'ACTIVE',
      subscriptionId: graphSubscriptionId,
      clientStateHash: 'c'.repeat(64),
      expiresAt: new Date('2026-12-04T09:00:00Z'),
    });
    // Disabled: a worker running against a seeded database never posts to it.
    const [endpoint] = await tx
      .insert(webhookEndpoints)
      .values({
        tenantId,
        url: `https://hooks.${slug}.example.com/calsync`,
        status: 'DISABLED',
        disabledReason: 'seeded',
        secretCiphertext: 'sealed',
        deliveredThrough: 0,
      })
      .returning({ id: webhookEndpoints.id });
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({
        tenantId,
        endpointId: endpoint!.id,
        afterSeq: 0,
        throughSeq: 1,
        changeCount: 1,
        attempt: 1,
        statusCode: 204,
        durationMs: 12,
      })
      .returning({ id: webhookDeliveries.id });
    return {
      tenantId,
      webhookEndpointId: endpoint!.id,
      webhookDeliveryId: delivery!.id,
      apiKeyId: key!.id,
      apiKeyPrefix,
      connectorId,
      mailboxId,
      eventId: event!.id,
      syncRunId: run!.id,
      seriesMasterSourceId,
      graphSubscriptionId,
      roomListAddress,
    };
  });
}
