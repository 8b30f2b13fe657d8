/** A Graph subscription as the emulator keeps it (docs/microsoft-graph.md §5.1). */
export interface EmulatorSubscription {
  id: string;
  /** As the caller wrote it, e.g. `/users/{id}/events`. */
  resource: string;
  mailboxId: string;
  tenantId: string;
  applicationId: string;
  changeTypes: ChangeType[];
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationMs: number;
  latestSupportedTlsVersion: string;
  /** Set by a reauthorizationRequired lifecycle event: change notifications pause until the app reauthorizes. */
  reauthorizationRequired: boolean;
}

export type ChangeType = 'created' | 'updated' | 'deleted';
export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

/** Faults applied to outgoing change notifications (not to lifecycle notifications). */
export interface NotificationFaults {
  /** Probability (0..1) that a change notification is never sent. */
  dropRate: number;
  /** Emulator-clock milliseconds a change notification waits before its first attempt. */
  delayMs: number;
  /** Extra copies of every change notification (the field sees up to 3 per change). */
  duplicates: number;
  /** Deliver the notifications due together in reverse order. */
  reorder: boolean;
}

/** Microsoft's numbers by default; tests shorten the timeouts and the retry schedule. */
export interface NotificationSettings {
  /** Outlook resources: 4,230 minutes (docs/microsoft-graph.md §5.1). */
  maxExpirationMinutes: number;
  /** The validation echo must arrive within 10 s (§5.2). Real milliseconds. */
  validationTimeoutMs: number;
  /** A delivery without 2xx within 3 s counts as failed (§5.3). Real milliseconds. */
  deliveryTimeoutMs: number;
  /** First retry delay on the emulator clock; doubles per attempt up to retryMaxDelayMs. */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** Graph retries for up to 4 hours, then drops the notification and later sends `missed` (§5.3). */
  retryPeriodMs: number;
  /** Outlook subscriptions per mailbox across all apps. */
  maxPerMailbox: number;
  faults: NotificationFaults;
}

export const DEFAULT_NOTIFICATION_SETTINGS: Readonly<NotificationSettings> = Object.freeze({
  maxExpirationMinutes: 4230,
  validationTimeoutMs: 10_000,
  deliveryTimeoutMs: 3_000,
  retryBaseDelayMs: 60_000,
  retryMaxDelayMs: 15 * 60_000,
  retryPeriodMs: 4 * 3_600_000,
  maxPerMailbox: 1000,
  faults: Object.freeze({ dropRate: 0, delayMs: 0, duplicates: 0, reorder: false }),
});

/** One attempt to deliver, as tests read it from the control API. */
export interface DeliveryAttempt {
  at: string;
  kind: 'change' | 'lifecycle' | 'validation';
  url: string;
  subscriptionIds: string[];
  items: number;
  /** HTTP status, or null when the endpoint could not be reached or timed out. */
  status: number | null;
  ok: boolean;
}
