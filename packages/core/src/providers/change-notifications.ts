import type { ConnectorRef } from './directory.ts';

/** What calsync asks the back end for when it subscribes a mailbox (docs/graph-notifications.md). */
export interface ChangeSubscriptionRequest {
  mailboxAddress: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  clientState: string;
  /** Asked-for expiry; the back end may shorten it, and what it returns is what counts. */
  expiresAt: Date;
}

export interface ChangeSubscription {
  subscriptionId: string;
  expiresAt: Date;
}

/**
 * Push notifications of calendar changes. A back end without them (EWS today) leaves the capability out of
 * its provider, and calsync then polls every mailbox on the connector interval.
 */
export interface ChangeNotificationsCapability {
  /** Longest subscription lifetime the back end grants. */
  maxLifetimeMs: number;
  /** Creates a subscription after the back end validated the notification URLs; throws when refused. */
  subscribe(connector: ConnectorRef, request: ChangeSubscriptionRequest): Promise<ChangeSubscription>;
  /**
   * Extends and reauthorizes a subscription (the answer to reauthorizationRequired too, which Graph also sends
   * when a subscription is about to expire); 'gone' when the back end no longer knows it.
   */
  renew(
    connector: ConnectorRef,
    subscriptionId: string,
    expiresAt: Date,
  ): Promise<ChangeSubscription | 'gone'>;
  /** Deletes a subscription; one already gone counts as deleted. */
  unsubscribe(connector: ConnectorRef, subscriptionId: string): Promise<void>;
}
