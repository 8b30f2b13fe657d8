import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { withTenant, graphSubscriptions } from '../db/index.ts';
import type { ConnectorKind } from '../db/schema/enums.ts';
import { check, type DiagnosticCheck } from '../diagnostics/diagnostic-types.ts';
import type { NotificationsCore } from './notifications-core.ts';
import { graphNotificationUrls } from './notification-urls.ts';

const PROBE_TIMEOUT_MS = 5_000;
const URL_REMEDY =
  'Set CALSYNC_PUBLIC_URL to the https base URL at which Microsoft reaches this deployment’s API (POST {url}/webhooks/graph must answer from the internet).';

/**
 * NOTIFICATIONS (docs/graph-notifications.md): whether push is on, whether the webhook answers the
 * validation handshake at the public URL (probed from here: the operator's own URL, never a tenant's), and
 * what Microsoft said when calsync subscribed the connector's mailboxes.
 */
export async function notificationsCheck(
  core: Pick<NotificationsCore, 'db' | 'config' | 'providers'>,
  tenantId: string,
  connectorId: string,
  kind: ConnectorKind,
): Promise<DiagnosticCheck> {
  const urls = graphNotificationUrls(core.config);
  if (!urls) {
    return check(
      'NOTIFICATIONS',
      'SKIPPED',
      'Change notifications are off (CALSYNC_PUBLIC_URL is not set): mailboxes are polled every connector interval.',
      {
        remedy: URL_REMEDY,
      },
    );
  }
  if (!core.providers.for(kind).changeNotifications) {
    return check(
      'NOTIFICATIONS',
      'SKIPPED',
      'This back end has no change notifications: mailboxes are polled every connector interval.',
    );
  }
  if (!(await answersValidation(urls.notificationUrl))) {
    return check(
      'NOTIFICATIONS',
      'WARN',
      `The webhook at ${urls.notificationUrl} did not answer the validation handshake; Microsoft will refuse subscriptions and mailboxes are polled.`,
      {
        remedy: URL_REMEDY,
      },
    );
  }
  const rows = await withTenant(core.db, tenantId, (tx) =>
    tx
      .select({
        status: graphSubscriptions.status,
        expiresAt: graphSubscriptions.expiresAt,
        lastError: graphSubscriptions.lastError,
      })
      .from(graphSubscriptions)
      .where(and(eq(graphSubscriptions.tenantId, tenantId), eq(graphSubscriptions.connectorId, connectorId))),
  );
  const now = Date.now();
  const active = rows.filter(
    (r) => r.status === 'ACTIVE' && r.expiresAt !== null && r.expiresAt.getTime() > now,
  );
  const failed = rows.filter((r) => r.status === 'FAILED');
  if (failed.length > 0) {
    return check(
      'NOTIFICATIONS',
      'WARN',
      `Microsoft refused ${failed.length} subscription(s) (${active.length} active): ${failed[0]!.lastError ?? 'no reason given'}. Those mailboxes are polled.`,
      {
        remedy: URL_REMEDY,
      },
    );
  }
  return check(
    'NOTIFICATIONS',
    'PASS',
    `Webhook reachable at ${urls.notificationUrl}; ${active.length} mailbox subscription(s) active (mailboxes subscribe after their first sync).`,
  );
}

async function answersValidation(url: string): Promise<boolean> {
  const token = `calsync self-check ${randomUUID()}`;
  try {
    const res = await fetch(`${url}?validationToken=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      redirect: 'manual',
    });
    return res.status === 200 && (await res.text()) === token;
  } catch {
    return false;
  }
}
