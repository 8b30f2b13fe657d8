import { encodeChangeCursor } from '../changes/change-cursor.ts';
import type { EventChangeType, WebhookEndpointRow, WebhookEndpointStatus } from '../db/index.ts';

/** What the API shows of an endpoint: everything but its secrets. */
export interface WebhookEndpointView {
  id: string;
  tenantId: string;
  url: string;
  changeTypes: EventChangeType[];
  mailboxIds: string[] | null;
  addresses: string[] | null;
  status: WebhookEndpointStatus;
  disabledReason: string | null;
  /** Change-log cursor through which every change was acknowledged. */
  deliveredThrough: string;
  failingSince: Date | null;
  consecutiveFailures: number;
  /** Until when the previous secret still signs deliveries (rotation overlap); null when none. */
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toEndpointView(row: WebhookEndpointRow, now = new Date()): WebhookEndpointView {
  const overlap = row.previousSecretCiphertext !== null && (row.previousSecretExpiresAt ?? now) > now;
  return {
    id: row.id,
    tenantId: row.tenantId,
    url: row.url,
    changeTypes: row.changeTypes,
    mailboxIds: row.mailboxIds,
    addresses: row.addresses,
    status: row.status,
    disabledReason: row.disabledReason,
    deliveredThrough: encodeChangeCursor(row.deliveredThrough),
    failingSince: row.failingSince,
    consecutiveFailures: row.consecutiveFailures,
    previousSecretExpiresAt: overlap ? row.previousSecretExpiresAt : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Binds a sealed secret to its endpoint row (secret box AAD): moved to another row it fails to open. */
export const secretContext = (row: { tenantId: string; id: string }) => ({
  tenantId: row.tenantId,
  recordId: `webhook-endpoint:${row.id}`,
});
