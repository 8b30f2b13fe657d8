import type { ControllableClock } from '../clock.ts';
import type { DeliveryQueue } from './delivery-queue.ts';
import type { SubscriptionStore } from './subscription-store.ts';
import type { EmulatorSubscription } from './types.ts';

/** Graph warns in the last hour before a subscription expires, about every 15 minutes (docs/microsoft-graph.md §5.4). */
export const EXPIRY_WARNING_WINDOW_MS = 3_600_000;
export const EXPIRY_WARNING_EVERY_MS = 15 * 60_000;
const CHECK_EVERY_REAL_MS = 250;

export interface ExpiryWarningsDeps {
  clock: ControllableClock;
  subscriptions: () => SubscriptionStore;
  deliveries: () => DeliveryQueue;
}

/**
 * Sends `reauthorizationRequired` to subscriptions about to expire on the emulator clock, so advancing the
 * clock towards an expiry drives the subscriber's renewal as Graph would. Change notifications keep flowing:
 * only an explicit lifecycle event from the control API pauses them.
 */
export function startExpiryWarnings(deps: ExpiryWarningsDeps): { stop(): void } {
  const lastWarnedMs = new WeakMap<EmulatorSubscription, number>();
  const check = (): void => {
    const now = deps.clock.nowMs();
    for (const s of deps.subscriptions().list(now)) {
      if (s.expirationMs - now > EXPIRY_WARNING_WINDOW_MS) continue;
      const last = lastWarnedMs.get(s);
      if (last !== undefined && now - last < EXPIRY_WARNING_EVERY_MS) continue;
      lastWarnedMs.set(s, now);
      deps.deliveries().enqueueLifecycle(s, 'reauthorizationRequired');
    }
  };
  const timer = setInterval(check, CHECK_EVERY_REAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
