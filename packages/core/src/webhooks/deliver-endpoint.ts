import { randomUUID } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import { readEventChanges } from '../changes/index.ts';
import { decodeChangeCursor, encodeChangeCursor } from '../changes/change-cursor.ts';
import type { SecretBox } from '../crypto/index.ts';
import {
  webhookDeliveries,
  webhookEndpoints,
  withTenant,
  type Database,
  type WebhookEndpointRow,
} from '../db/index.ts';
import { isAppError } from '../errors/index.ts';
import type { WebhookDeliverPayload } from '../jobs/index.ts';
import { webhookBody } from './delivery-body.ts';
import { resolveDestination, type DestinationPolicy } from './destination.ts';
import { secretContext } from './endpoint-view.ts';
import { postPinned } from './post-pinned.ts';
import { retryDelayMs } from './retry-delay.ts';
import { signatureHeaders } from './signing.ts';

export interface DeliverySettings {
  policy: DestinationPolicy;
  /** Bound on one POST, connection to last byte (CALSYNC_WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  /** An endpoint failing without a success for this long is disabled (CALSYNC_WEBHOOK_DISABLE_AFTER_SECONDS). */
  disableAfterMs: number;
  /** First retry delay; doubles per failure up to maxRetryMs. */
  retryBaseMs: number;
  maxRetryMs: number;
  /** Changes per POST at most. */
  batchSize: number;
  /** Batches per job run: past it the job yields its slot and continues later. */
  maxBatchesPerRun: number;
}

export interface DeliveryDeps {
  db: Database;
  secretBox: SecretBox;
  settings: DeliverySettings;
}

export type DeliveryOutcome =
  /** Nothing left to send (or the endpoint is gone or disabled). */
  | { kind: 'idle'; delivered: number }
  /** More to send after this run's batches; run again now. */
  | { kind: 'more'; delivered: number }
  /** The last attempt failed; run again after the delay. */
  | { kind: 'retry'; delivered: number; delayMs: number }
  | { kind: 'disabled'; delivered: number; reason: string };

/** Delivery attempts kept per endpoint (the rest are deleted as new ones are logged). */
const DELIVERIES_KEPT = 100;

async function loadEndpoint(
  db: Database,
  payload: WebhookDeliverPayload,
): Promise<WebhookEndpointRow | null> {
  const [row] = await withTenant(db, payload.tenantId, (tx) =>
    tx
      .select()
      .from(webhookEndpoints)
      .where(
        and(eq(webhookEndpoints.tenantId, payload.tenantId), eq(webhookEndpoints.id, payload.endpointId)),
      ),
  );
  return row ?? null;
}

function secretsOf(row: WebhookEndpointRow, box: SecretBox, now: Date): string[] {
  const context = secretContext(row);
  const secrets = [box.decrypt(row.secretCiphertext, context)];
  if (row.previousSecretCiphertext && row.previousSecretExpiresAt && row.previousSecretExpiresAt > now) {
    secrets.push(box.decrypt(row.previousSecretCiphertext, context));
  }
  return secrets;
}

/**
 * One run of an endpoint's delivery (docs/change-feed.md, "Webhooks"): reads the change log after
 * the endpoint's cursor, posts batches in order and moves the cursor after each 2xx. A failure
 * stops the run: the same changes go out again after the back-off, so delivery is at-least-once
 * and in order. The cursor moves only if nobody moved it meanwhile (redeliverWebhook), so a
 * redelivery is never overwritten by a batch that was in flight.
 */
export async function deliverEndpoint(
  deps: DeliveryDeps,
  payload: WebhookDeliverPayload,
): Promise<DeliveryOutcome> {
  let delivered = 0;
  for (let batch = 0; batch < deps.settings.maxBatchesPerRun; batch += 1) {
    const row = await loadEndpoint(deps.db, payload);
    if (!row || row.status !== 'ACTIVE') return { kind: 'idle', delivered };
    let page;
    try {
      page = await readEventChanges(deps.db, row.tenantId, {
        after: encodeChangeCursor(row.deliveredThrough),
        first: deps.settings.batchSize,
        mailboxIds: row.mailboxIds,
        addresses: row.addresses,
      });
    } catch (error) {
      if (isAppError(error) && error.code === 'CURSOR_EXPIRED') {
        const reason = 'the endpoint fell behind the change log retention; redeliver from a newer cursor';
        await disable(deps.db, row, reason);
        return { kind: 'disabled', delivered, reason };
      }
      throw error;
    }
    const through = decodeChangeCursor(page.pageInfo.endCursor);
    if (through <= row.deliveredThrough) return { kind: 'idle', delivered };
    const wanted = row.changeTypes.length === 0 ? null : new Set(row.changeTypes);
    const changes = page.nodes.filter((c) => !wanted || wanted.has(c.changeType));
    if (changes.length > 0) {
      const outcome = await post(deps, row, webhookBody(changes, page.pageInfo.endCursor), through);
      if (outcome) return { ...outcome, delivered };
      delivered += changes.length;
    }
    await advance(deps.db, row, through);
    if (!page.pageInfo.hasNextPage) return { kind: 'idle', delivered };
  }
  return { kind: 'more', delivered };
}

/** Posts one batch and logs the attempt; null on a 2xx, else what the run does next. */
async function post(
  deps: DeliveryDeps,
  row: WebhookEndpointRow,
  body: ReturnType<typeof webhookBody>,
  through: number,
): Promise<{ kind: 'retry'; delayMs: number } | { kind: 'disabled'; reason: string } | null> {
  const now = new Date();
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const destination = await resolveDestination(row.url, deps.settings.policy);
    const json = JSON.stringify(body);
    const message = { id: `msg_${randomUUID()}`, timestamp: Math.floor(now.getTime() / 1000), body: json };
    const response = await postPinned({
      destination,
      headers: signatureHeaders(secretsOf(row, deps.secretBox, now), message),
      body: json,
      timeoutMs: deps.settings.timeoutMs,
    });
    statusCode = response.statusCode;
    if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}: ${response.excerpt.slice(0, 200)}`;
  } catch (failure) {
    error = failure instanceof Error ? failure.message.slice(0, 500) : 'delivery failed';
  }
  const durationMs = Math.round(performance.now() - started);
  const attempt = row.consecutiveFailures + 1;
  await logAttempt(deps.db, row, {
    afterSeq: row.deliveredThrough,
    throughSeq: through,
    changeCount: body.changes.length,
    attempt,
    statusCode,
    error,
    durationMs,
  });
  if (!error) return null;
  const failingSince = row.failingSince ?? now;
  if (now.getTime() - failingSince.getTime() >= deps.settings.disableAfterMs) {
    const reason = `failing since ${failingSince.toISOString()}; last error: ${error}`;
    await disable(deps.db, row, reason);
    return { kind: 'disabled', reason };
  }
  await withTenant(deps.db, row.tenantId, (tx) =>
    tx
      .update(webhookEndpoints)
      .set({ failingSince, consecutiveFailures: row.consecutiveFailures + 1 })
      .where(and(eq(webhookEndpoints.tenantId, row.tenantId), eq(webhookEndpoints.id, row.id))),
  );
  return {
    kind: 'retry',
    delayMs: retryDelayMs(row.consecutiveFailures + 1, deps.settings.retryBaseMs, deps.settings.maxRetryMs),
  };
}

/** Acknowledged through `through`: only if the cursor is still where this run read it. */
async function advance(db: Database, row: WebhookEndpointRow, through: number): Promise<void> {
  await withTenant(db, row.tenantId, (tx) =>
    tx
      .update(webhookEndpoints)
      .set({ deliveredThrough: through, failingSince: null, consecutiveFailures: 0 })
      .where(
        and(
          eq(webhookEndpoints.tenantId, row.tenantId),
          eq(webhookEndpoints.id, row.id),
          eq(webhookEndpoints.deliveredThrough, row.deliveredThrough),
        ),
      ),
  );
}

async function disable(db: Database, row: WebhookEndpointRow, reason: string): Promise<void> {
  await withTenant(db, row.tenantId, (tx) =>
    tx
      .update(webhookEndpoints)
      .set({ status: 'DISABLED', disabledReason: reason, updatedAt: new Date() })
      .where(and(eq(webhookEndpoints.tenantId, row.tenantId), eq(webhookEndpoints.id, row.id))),
  );
}

async function logAttempt(
  db: Database,
  row: WebhookEndpointRow,
  attempt: Omit<typeof webhookDeliveries.$inferInsert, 'tenantId' | 'endpointId'>,
): Promise<void> {
  await withTenant(db, row.tenantId, async (tx) => {
    await tx.insert(webhookDeliveries).values({ ...attempt, tenantId: row.tenantId, endpointId: row.id });
    const match = and(eq(webhookDeliveries.tenantId, row.tenantId), eq(webhookDeliveries.endpointId, row.id));
    await tx.delete(webhookDeliveries).where(
      and(
        match,
        lt(
          webhookDeliveries.attemptedAt,
          sql`(select ${webhookDeliveries.attemptedAt} from ${webhookDeliveries} where ${match}
               order by ${webhookDeliveries.attemptedAt} desc offset ${DELIVERIES_KEPT - 1} limit 1)`,
        ),
      ),
    );
  });
}

/** Whether the endpoint is active and behind its tenant's log (a commit raced the end of a run). */
export async function isEndpointBehind(db: Database, payload: WebhookDeliverPayload): Promise<boolean> {
  const result = await withTenant(db, payload.tenantId, (tx) =>
    tx.execute<{ behind: boolean }>(sql`select exists (
      select 1 from webhook_endpoints w join event_change_heads h on h.tenant_id = w.tenant_id
      where w.tenant_id = ${payload.tenantId} and w.id = ${payload.endpointId}
        and w.status = 'ACTIVE' and w.delivered_through < h.last_seq) as behind`),
  );
  return result.rows[0]?.behind === true;
}

/** Active endpoints of any tenant behind their tenant's log (the safety-net sweep). */
export async function endpointsBehind(db: Database, limit: number): Promise<WebhookDeliverPayload[]> {
  const result = await db.execute<{ tenant_id: string; endpoint_id: string }>(
    sql`select tenant_id, endpoint_id from calsync_webhook_endpoints_behind(${limit})`,
  );
  return result.rows.map((r) => ({ tenantId: r.tenant_id, endpointId: r.endpoint_id }));
}
