import type { ChangeType, EmulatorSubscription, LifecycleEvent } from './types.ts';

/** Graph's subscription timestamps carry seven fractional digits (samples/subscription-create-response*.json). */
export function formatSubscriptionTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** One item of a changeNotificationCollection for an event (docs/microsoft-graph.md §5.3). */
export function changeNotification(
  s: EmulatorSubscription,
  changeType: ChangeType,
  eventId: string,
  etag: string | undefined,
): Record<string, unknown> {
  const path = `Users/${s.mailboxId}/Events/${eventId}`;
  const resourceData: Record<string, unknown> = {
    '@odata.type': '#Microsoft.Graph.Event',
    '@odata.id': path,
  };
  if (etag !== undefined) resourceData['@odata.etag'] = etag;
  resourceData.id = eventId;
  return {
    subscriptionId: s.id,
    subscriptionExpirationDateTime: formatSubscriptionTime(s.expirationMs),
    changeType,
    resource: path,
    resourceData,
    clientState: s.clientState,
    tenantId: s.tenantId,
  };
}

/** One item of a lifecycle notification collection (§5.4). */
export function lifecycleNotification(
  s: EmulatorSubscription,
  lifecycleEvent: LifecycleEvent,
): Record<string, unknown> {
  return {
    subscriptionId: s.id,
    subscriptionExpirationDateTime: formatSubscriptionTime(s.expirationMs),
    tenantId: s.tenantId,
    clientState: s.clientState,
    lifecycleEvent,
  };
}

/** The subscription resource as POST/GET/PATCH answer it (samples/subscription-create-response-outlook-full.json). */
export function serializeSubscription(s: EmulatorSubscription, creatorId: string): Record<string, unknown> {
  return {
    id: s.id,
    resource: s.resource,
    applicationId: s.applicationId,
    changeType: s.changeTypes.join(','),
    clientState: s.clientState,
    notificationUrl: s.notificationUrl,
    notificationQueryOptions: null,
    notificationContentType: null,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl,
    expirationDateTime: formatSubscriptionTime(s.expirationMs),
    creatorId,
    includeResourceData: null,
    latestSupportedTlsVersion: s.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}
