import type { CoreConfig } from '../config/index.ts';

/** The two webhook URLs Microsoft posts to, or undefined when notifications are off (no public URL). */
export function graphNotificationUrls(
  config: CoreConfig,
): { notificationUrl: string; lifecycleNotificationUrl: string } | undefined {
  const base = config.notifications?.publicUrl;
  if (base === undefined) return undefined;
  return {
    notificationUrl: `${base}/webhooks/graph`,
    lifecycleNotificationUrl: `${base}/webhooks/graph/lifecycle`,
  };
}
