import { asObject, optBoolean, optNumber } from '../control/body.ts';
import { DirectoryError } from '../directory/directory-error.ts';
import type { EmulatorState } from '../state.ts';
import type { LifecycleEvent, NotificationFaults, NotificationSettings } from './types.ts';

const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = [
  'reauthorizationRequired',
  'subscriptionRemoved',
  'missed',
];

/**
 * A lifecycle event on demand (docs/microsoft-graph.md §5.4): reauthorizationRequired pauses change
 * notifications until the app reauthorizes or renews; subscriptionRemoved deletes the subscription.
 */
export function sendLifecycleEvent(
  state: EmulatorState,
  subscriptionId: string,
  event: string,
): { queued: boolean } {
  if (!(LIFECYCLE_EVENTS as readonly string[]).includes(event)) {
    throw new DirectoryError('Invalid', `lifecycleEvent must be one of ${LIFECYCLE_EVENTS.join(', ')}`);
  }
  const s = state.subscriptions.get(subscriptionId, state.clock.nowMs());
  if (!s) throw new DirectoryError('NotFound', `subscription ${subscriptionId} not found`);
  const lifecycleEvent = event as LifecycleEvent;
  if (lifecycleEvent === 'reauthorizationRequired') s.reauthorizationRequired = true;
  if (lifecycleEvent === 'subscriptionRemoved') state.subscriptions.remove(s.id);
  return { queued: state.deliveries.enqueueLifecycle(s, lifecycleEvent) };
}

/** Merges a control API patch into the settings; unknown keys and wrong types are refused. */
export function patchNotificationSettings(
  current: NotificationSettings,
  patch: Record<string, unknown>,
): NotificationSettings {
  const numbers = [
    'maxExpirationMinutes',
    'validationTimeoutMs',
    'deliveryTimeoutMs',
    'retryBaseDelayMs',
    'retryMaxDelayMs',
    'retryPeriodMs',
    'maxPerMailbox',
  ] as const;
  const next: NotificationSettings = { ...current, faults: { ...current.faults } };
  for (const key of Object.keys(patch)) {
    if (key !== 'faults' && !(numbers as readonly string[]).includes(key)) {
      throw new DirectoryError('Invalid', `unknown notification setting ${key}`);
    }
  }
  for (const key of numbers) {
    const v = optNumber(patch, key);
    if (v === undefined) continue;
    if (v < 0) throw new DirectoryError('Invalid', `${key} must not be negative`);
    next[key] = v;
  }
  if (patch.faults !== undefined) next.faults = patchFaults(next.faults, asObject(patch.faults));
  return next;
}

function patchFaults(current: NotificationFaults, o: Record<string, unknown>): NotificationFaults {
  const next = { ...current };
  const dropRate = optNumber(o, 'dropRate');
  const delayMs = optNumber(o, 'delayMs');
  const duplicates = optNumber(o, 'duplicates');
  const reorder = optBoolean(o, 'reorder');
  if (dropRate !== undefined) {
    if (dropRate < 0 || dropRate > 1) throw new DirectoryError('Invalid', 'dropRate must be within 0..1');
    next.dropRate = dropRate;
  }
  if (delayMs !== undefined) next.delayMs = Math.max(0, delayMs);
  if (duplicates !== undefined) next.duplicates = Math.max(0, Math.min(3, Math.floor(duplicates)));
  if (reorder !== undefined) next.reorder = reorder;
  return next;
}
