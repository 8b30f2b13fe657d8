import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq } from 'drizzle-orm';
import { decodeChangeCursor, encodeChangeCursor } from '../changes/change-cursor.ts';
import { MAX_MAILBOXES_PER_QUERY } from '../calendar/query-limits.ts';
import type { SecretBox } from '../crypto/index.ts';
import {
  eventChangeHeads,
  eventChangeTypes,
  isUuid,
  webhookDeliveries,
  webhookEndpoints,
  withTenant,
  type Database,
  type EventChangeType,
  type Tx,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
} from '../db/index.ts';
import { AppError, badInput, notFound } from '../errors/index.ts';
import type { Queues } from '../jobs/index.ts';
import { resolveTenant, type Principal } from '../tenancy/index.ts';
import { resolveDestination, type DestinationPolicy } from './destination.ts';
import { enqueueWebhookDelivery } from './enqueue-delivery.ts';
import { secretContext, toEndpointView, type WebhookEndpointView } from './endpoint-view.ts';
import { generateSigningSecret } from './signing.ts';

export interface WebhookAdminDeps {
  db: Database;
  secretBox: SecretBox;
  queues: Queues;
  webhookPolicy: DestinationPolicy;
}

export interface WebhookEndpointInput {
  url: string;
  /** Change types to deliver; omitted or empty = all. */
  changeTypes?: EventChangeType[] | null | undefined;
  mailboxIds?: string[] | null | undefined;
  addresses?: string[] | null | undefined;
}

export type WebhookEndpointUpdate = Partial<WebhookEndpointInput>;

/** A new signing secret: the one time the API returns it. */
export interface WebhookEndpointWithSecret {
  endpoint: WebhookEndpointView;
  signingSecret: string;
}

/** Endpoints per tenant at most: each one is a delivery job per commit. */
export const MAX_WEBHOOK_ENDPOINTS_PER_TENANT = 20;
/** Longest rotation overlap: the previous secret stays valid at most this long. */
const MAX_OVERLAP_SECONDS = 7 * 86_400;

/** Webhook endpoints are ADMIN only: their URLs and delivery logs describe the tenant's integrations. */
function adminTenant(principal: Principal): string {
  if (principal.role === 'READER') {
    throw new AppError('FORBIDDEN', 'webhook endpoints need an ADMIN key of the tenant');
  }
  return resolveTenant(principal);
}

function checkFilters(input: WebhookEndpointUpdate): void {
  for (const t of input.changeTypes ?? []) {
    if (!eventChangeTypes.includes(t)) throw badInput('changeTypes', `unknown change type ${t}`);
  }
  if ((input.mailboxIds?.length ?? 0) + (input.addresses?.length ?? 0) > MAX_MAILBOXES_PER_QUERY) {
    throw badInput('mailboxIds', `at most ${MAX_MAILBOXES_PER_QUERY} mailboxes per endpoint`);
  }
}

async function loadRow(tx: Tx, tenantId: string, id: string): Promise<WebhookEndpointRow> {
  const [row] = await tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)));
  if (!row) throw notFound('webhook endpoint');
  return row;
}

function checkId(id: string): void {
  if (!isUuid(id)) throw notFound('webhook endpoint');
}

export async function createWebhookEndpoint(
  deps: WebhookAdminDeps,
  principal: Principal,
  input: WebhookEndpointInput,
): Promise<WebhookEndpointWithSecret> {
  const tenantId = adminTenant(principal);
  checkFilters(input);
  await resolveDestination(input.url, deps.webhookPolicy);
  const id = randomUUID();
  const signingSecret = generateSigningSecret();
  const row = await withTenant(deps.db, tenantId, async (tx) => {
    const existing = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.tenantId, tenantId));
    if (existing.length >= MAX_WEBHOOK_ENDPOINTS_PER_TENANT) {
      throw badInput('url', `a tenant has at most ${MAX_WEBHOOK_ENDPOINTS_PER_TENANT} webhook endpoints`);
    }
    // A new endpoint receives the changes committed after its creation.
    const [head] = await tx
      .select({ lastSeq: eventChangeHeads.lastSeq })
      .from(eventChangeHeads)
      .where(eq(eventChangeHeads.tenantId, tenantId));
    const [inserted] = await tx
      .insert(webhookEndpoints)
      .values({
        tenantId,
        id,
        url: input.url,
        changeTypes: input.changeTypes ?? [],
        mailboxIds: input.mailboxIds ?? null,
        addresses: input.addresses?.map((a) => a.trim().toLowerCase()) ?? null,
        secretCiphertext: deps.secretBox.encrypt(signingSecret, secretContext({ tenantId, id })),
        deliveredThrough: head?.lastSeq ?? 0,
      })
      .returning();
    return inserted!;
  });
  return { endpoint: toEndpointView(row), signingSecret };
}

export async function listWebhookEndpoints(
  deps: Pick<WebhookAdminDeps, 'db'>,
  principal: Principal,
): Promise<WebhookEndpointView[]> {
  const tenantId = adminTenant(principal);
  const rows = await withTenant(deps.db, tenantId, (tx) =>
    tx
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.tenantId, tenantId))
      .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id)),
  );
  return rows.map((row) => toEndpointView(row));
}

export async function findWebhookEndpoint(
  deps: Pick<WebhookAdminDeps, 'db'>,
  principal: Principal,
  id: string,
): Promise<WebhookEndpointView | null> {
  const tenantId = adminTenant(principal);
  if (!isUuid(id)) return null;
  return withTenant(deps.db, tenantId, async (tx) => {
    const [row] = await tx
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)));
    return row ? toEndpointView(row) : null;
  });
}

export async function updateWebhookEndpoint(
  deps: WebhookAdminDeps,
  principal: Principal,
  id: string,
  input: WebhookEndpointUpdate,
): Promise<WebhookEndpointView> {
  const tenantId = adminTenant(principal);
  checkId(id);
  checkFilters(input);
  if (input.url != null) await resolveDestination(input.url, deps.webhookPolicy);
  const row = await withTenant(deps.db, tenantId, async (tx) => {
    await loadRow(tx, tenantId, id);
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({
        ...(input.url != null ? { url: input.url } : {}),
        ...(input.changeTypes !== undefined ? { changeTypes: input.changeTypes ?? [] } : {}),
        ...(input.mailboxIds !== undefined ? { mailboxIds: input.mailboxIds } : {}),
        ...(input.addresses !== undefined
          ? { addresses: input.addresses?.map((a) => a.trim().toLowerCase()) ?? null }
          : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)))
      .returning();
    return updated!;
  });
  return toEndpointView(row);
}

/**
 * Disable stops deliveries (the cursor stays: enabling resumes where it stopped, if the log still
 * reaches back that far). Enable clears the failure state and queues a delivery at once.
 */
export async function setWebhookEndpointEnabled(
  deps: WebhookAdminDeps,
  principal: Principal,
  id: string,
  enabled: boolean,
): Promise<WebhookEndpointView> {
  const tenantId = adminTenant(principal);
  checkId(id);
  const row = await withTenant(deps.db, tenantId, async (tx) => {
    await loadRow(tx, tenantId, id);
    const [updated] = await tx
      .update(webhookEndpoints)
      .set(
        enabled
          ? { status: 'ACTIVE', disabledReason: null, failingSince: null, consecutiveFailures: 0 }
          : { status: 'DISABLED', disabledReason: 'disabled by an administrator' },
      )
      .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)))
      .returning();
    return updated!;
  });
  if (enabled) await enqueueWebhookDelivery(deps.queues, { tenantId, endpointId: id });
  return toEndpointView(row);
}

export async function deleteWebhookEndpoint(
  deps: Pick<WebhookAdminDeps, 'db'>,
  principal: Principal,
  id: string,
): Promise<boolean> {
  const tenantId = adminTenant(principal);
  checkId(id);
  return withTenant(deps.db, tenantId, async (tx) => {
    const deleted = await tx
      .delete(webhookEndpoints)
      .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)))
      .returning({ id: webhookEndpoints.id });
    if (deleted.length === 0) throw notFound('webhook endpoint');
    return true;
  });
}

/**
 * A new signing secret; the old one keeps signing too (a second signature in the header) for
 * `overlapSeconds`, so receivers can switch without losing a delivery.
 */
export async function rotateWebhookSecret(
  deps: WebhookAdminDeps,
  principal: Principal,
  id: string,
  overlapSeconds: number,
): Promise<WebhookEndpointWithSecret> {
  const tenantId = adminTenant(principal);
  checkId(id);
  if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_OVERLAP_SECONDS) {
    throw badInput('overlapSeconds', `must be a whole number from 0 to ${MAX_OVERLAP_SECONDS}`);
  }
  const signingSecret = generateSigningSecret();
  const row = await withTenant(deps.db, tenantId, async (tx) => {
    const current = await loadRow(tx, tenantId, id);
    const context = secretContext(current);
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({
        secretCiphertext: deps.secretBox.encrypt(signingSecret, context),
        previousSecretCiphertext: overlapSeconds > 0 ? current.secretCiphertext : null,
        previousSecretExpiresAt: overlapSeconds > 0 ? new Date(Date.now() + overlapSeconds * 1000) : null,
        updatedAt: new Date(),
      })
      .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)))
      .returning();
    return updated!;
  });
  return { endpoint: toEndpointView(row), signingSecret };
}

/**
 * Delivers again every change after `fromCursor` (at-least-once: the receiver sees those
 * sequences again). A cursor older than the log keeps is CURSOR_EXPIRED.
 */
export async function redeliverWebhook(
  deps: WebhookAdminDeps,
  principal: Principal,
  id: string,
  fromCursor: string,
): Promise<WebhookEndpointView> {
  const tenantId = adminTenant(principal);
  checkId(id);
  const seq = decodeChangeCursor(fromCursor, 'fromCursor');
  const row = await withTenant(deps.db, tenantId, async (tx) => {
    await loadRow(tx, tenantId, id);
    const [head] = await tx.select().from(eventChangeHeads).where(eq(eventChangeHeads.tenantId, tenantId));
    const trimmedThrough = head?.trimmedThrough ?? 0;
    if (seq < trimmedThrough) {
      throw new AppError('CURSOR_EXPIRED', 'the cursor is older than the change log keeps; read again', {
        oldestCursor: encodeChangeCursor(trimmedThrough),
      });
    }
    if (seq > (head?.lastSeq ?? 0)) throw badInput('fromCursor', 'is ahead of the change log');
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({ deliveredThrough: seq, failingSince: null, consecutiveFailures: 0, updatedAt: new Date() })
      .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)))
      .returning();
    return updated!;
  });
  if (row.status === 'ACTIVE') await enqueueWebhookDelivery(deps.queues, { tenantId, endpointId: id });
  return toEndpointView(row);
}

/** The endpoint's most recent delivery attempts, newest first. */
export async function recentWebhookDeliveries(
  db: Database,
  endpoint: { tenantId: string; id: string },
  limit: number,
): Promise<WebhookDeliveryRow[]> {
  return withTenant(db, endpoint.tenantId, (tx) =>
    tx
      .select()
      .from(webhookDeliveries)
      .where(
        and(eq(webhookDeliveries.tenantId, endpoint.tenantId), eq(webhookDeliveries.endpointId, endpoint.id)),
      )
      .orderBy(desc(webhookDeliveries.attemptedAt))
      .limit(limit),
  );
}
