export { clientStateMatches, hashClientState, newClientState } from './client-state.ts';
export { connectorNotificationUpkeep, decideUpkeep } from './connector-upkeep.ts';
export { findSubscriptionOwner, type SubscriptionOwner } from './find-subscription.ts';
export { maintainSubscription } from './maintain-subscription.ts';
export {
  mailboxNotifications,
  mailboxNotificationsFor,
  type MailboxNotifications,
  type MailboxNotificationStatus,
} from './notification-status.ts';
export { graphNotificationUrls } from './notification-urls.ts';
export {
  followUpNotifiedSync,
  NOTIFICATION_COALESCE_MS,
  requestNotifiedSync,
  requestSubscriptionAction,
} from './notified-sync.ts';
export type { NotificationsCore } from './notifications-core.ts';
export { subscribeAfterSync } from './subscribe-after-sync.ts';
export {
  readSubscription,
  readSubscriptions,
  touchLastNotification,
  type MailboxRef,
} from './subscription-rows.ts';
export { unsubscribeBeforeRemoval } from './unsubscribe-before-removal.ts';
