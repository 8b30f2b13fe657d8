import { loadConnectorCredential } from '../identity/load-credential.ts';
import type { ChangeNotificationsCapability } from '../../change-notifications.ts';
import type { ConnectorRef } from '../../directory.ts';
import type { ConnectorGraphClient } from '../connector-graph-client.ts';
import { isGraphRequestError } from '../graph/graph-request-error.ts';
import type { MicrosoftProviderDeps } from '../provider-deps.ts';

/** Outlook event subscriptions live at most 4,230 minutes (docs/microsoft-graph.md §5.1). */
export const OUTLOOK_MAX_SUBSCRIPTION_MS = 4230 * 60_000;
/** The validation handshake alone may take Microsoft 10 s (§5.2). */
const SUBSCRIPTION_CALL_TIMEOUT_MS = 30_000;

interface GraphSubscriptionBody {
  id: string;
  expirationDateTime: string;
}

/**
 * Graph change notifications for `/users/{id}/events` (docs/microsoft-graph.md §5): create with both
 * notification URLs and a clientState, renew by PATCH (which also reauthorizes, §5.4), delete. A 404 on
 * renew means Microsoft dropped the subscription.
 */
export function createGraphChangeNotifications(deps: MicrosoftProviderDeps): ChangeNotificationsCapability {
  /**
   * Runs one subscription call; a 401 gets one fresh token and one retry, as Graph may reject a token msal
   * still holds (revoked, or its expiry judged by Graph's clock: docs/microsoft-graph.md §3.5).
   */
  const withGraph = async <T>(connector: ConnectorRef, call: (graph: ConnectorGraphClient) => Promise<T>) => {
    const credential = await loadConnectorCredential(deps, connector.tenantId, connector.connectorId);
    const graph = deps.createGraphClientFor(credential, { timeoutMs: SUBSCRIPTION_CALL_TIMEOUT_MS });
    try {
      return await call(graph);
    } catch (error) {
      if (!isGraphRequestError(error) || error.status !== 401) throw error;
      await graph.refreshAccessToken();
      return call(graph);
    }
  };
  const toSubscription = (body: GraphSubscriptionBody) => ({
    subscriptionId: body.id,
    expiresAt: new Date(body.expirationDateTime),
  });
  const goneOn404 = async <T>(call: () => Promise<T>): Promise<T | 'gone'> => {
    try {
      return await call();
    } catch (error) {
      if (isGraphRequestError(error) && error.status === 404) return 'gone';
      throw error;
    }
  };
  return {
    maxLifetimeMs: OUTLOOK_MAX_SUBSCRIPTION_MS,
    async subscribe(connector, request) {
      const res = await withGraph(connector, (graph) =>
        graph.post<GraphSubscriptionBody>('/subscriptions', {
          changeType: 'created,updated,deleted',
          notificationUrl: request.notificationUrl,
          lifecycleNotificationUrl: request.lifecycleNotificationUrl,
          resource: `/users/${encodeURIComponent(request.mailboxAddress)}/events`,
          expirationDateTime: request.expiresAt.toISOString(),
          clientState: request.clientState,
          latestSupportedTlsVersion: 'v1_2',
        }),
      );
      return toSubscription(res.body);
    },
    async renew(connector, subscriptionId, expiresAt) {
      return goneOn404(async () => {
        const res = await withGraph(connector, (graph) =>
          graph.patch<GraphSubscriptionBody>(`/subscriptions/${encodeURIComponent(subscriptionId)}`, {
            expirationDateTime: expiresAt.toISOString(),
          }),
        );
        return toSubscription(res.body);
      });
    },
    async unsubscribe(connector, subscriptionId) {
      await goneOn404(() =>
        withGraph(connector, (graph) => graph.delete(`/subscriptions/${encodeURIComponent(subscriptionId)}`)),
      );
    },
  };
}
