import { and, eq, inArray } from 'drizzle-orm';
import { graphSubscriptions, withTenant, type Database, type GraphSubscriptionRow } from '../db/index.ts';

export interface MailboxRef {
  tenantId: string;
  connectorId: string;
  mailboxId: string;
}

/** The subscription row of a mailbox, if any. */
export function readSubscription(
  db: Database,
  tenantId: string,
  mailboxId: string,
): Promise<GraphSubscriptionRow | undefined> {
  return withTenant(db, tenantId, async (tx) => {
    const [row] = await tx
      .select()
      .from(graphSubscriptions)
      .where(and(eq(graphSubscriptions.tenantId, tenantId), eq(graphSubscriptions.mailboxId, mailboxId)));
    return row;
  });
}

/** Subscription rows of some mailboxes of a tenant (GraphQL, connector tick). */
export function readSubscriptions(
  db: Database,
  tenantId: string,
  mailboxIds: readonly string[],
): Promise<GraphSubscriptionRow[]> {
  if (mailboxIds.length === 0) return Promise.resolve([]);
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(graphSubscriptions)
      .where(
        and(
          eq(graphSubscriptions.tenantId, tenantId),
          inArray(graphSubscriptions.mailboxId, [...mailboxIds]),
        ),
      ),
  );
}

/** Records an accepted subscription (replacing whatever the mailbox had). */
export function saveActive(
  db: Database,
  ref: MailboxRef,
  values: { subscriptionId: string; clientStateHash: string; expiresAt: Date },
): Promise<void> {
  return upsert(db, ref, { status: 'ACTIVE', lastError: null, ...values });
}

/** Records a refused creation or renewal: the mailbox falls back to polling on the connector interval. */
export function saveFailed(db: Database, ref: MailboxRef, error: string): Promise<void> {
  return upsert(db, ref, {
    status: 'FAILED',
    subscriptionId: null,
    clientStateHash: null,
    expiresAt: null,
    lastError: error.slice(0, 500),
  });
}

/** A renewal's new expiry, as Microsoft returned it. */
export function saveExpiry(db: Database, ref: MailboxRef, expiresAt: Date): Promise<void> {
  return withTenant(db, ref.tenantId, async (tx) => {
    await tx
      .update(graphSubscriptions)
      .set({ expiresAt, updatedAt: new Date() })
      .where(
        and(eq(graphSubscriptions.tenantId, ref.tenantId), eq(graphSubscriptions.mailboxId, ref.mailboxId)),
      );
  });
}

export function touchLastNotification(
  db: Database,
  tenantId: string,
  mailboxId: string,
  at: Date,
): Promise<void> {
  return withTenant(db, tenantId, async (tx) => {
    await tx
      .update(graphSubscriptions)
      .set({ lastNotificationAt: at })
      .where(and(eq(graphSubscriptions.tenantId, tenantId), eq(graphSubscriptions.mailboxId, mailboxId)));
  });
}

export function deleteSubscriptionRow(db: Database, tenantId: string, mailboxId: string): Promise<void> {
  return withTenant(db, tenantId, async (tx) => {
    await tx
      .delete(graphSubscriptions)
      .where(and(eq(graphSubscriptions.tenantId, tenantId), eq(graphSubscriptions.mailboxId, mailboxId)));
  });
}

function upsert(
  db: Database,
  ref: MailboxRef,
  values: Pick<
    GraphSubscriptionRow,
    'status' | 'subscriptionId' | 'clientStateHash' | 'expiresAt' | 'lastError'
  >,
): Promise<void> {
  const now = new Date();
  return withTenant(db, ref.tenantId, async (tx) => {
    await tx
      .insert(graphSubscriptions)
      .values({
        tenantId: ref.tenantId,
        mailboxId: ref.mailboxId,
        connectorId: ref.connectorId,
        ...values,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [graphSubscriptions.tenantId, graphSubscriptions.mailboxId],
        set: { ...values, updatedAt: now },
      });
  });
}
