import type { ControllableClock } from '../clock.ts';
import type { EndpointClient } from './endpoint-client.ts';
import { lifecycleNotification } from './notification-payloads.ts';
import type { DeliveryAttempt, EmulatorSubscription, LifecycleEvent, NotificationSettings } from './types.ts';

interface Pending {
  kind: 'change' | 'lifecycle';
  url: string;
  subscriptionId: string;
  item: Record<string, unknown>;
  firstAtMs: number;
  dueAtMs: number;
  attempts: number;
}

export interface DeliveryQueueDeps {
  clock: ControllableClock;
  client: EndpointClient;
  settings: () => NotificationSettings;
  random: () => number;
  /** The live subscription, for `missed` after a give-up (a deleted one gets nothing). */
  findSubscription: (id: string) => EmulatorSubscription | undefined;
}

export interface DeliveryQueue {
  /** Queues one change notification item, with the notification faults applied. */
  enqueueChange(s: EmulatorSubscription, item: Record<string, unknown>): void;
  /** Queues a lifecycle notification; false when the subscription has no lifecycleNotificationUrl. */
  enqueueLifecycle(s: EmulatorSubscription, event: LifecycleEvent): boolean;
  record(attempt: DeliveryAttempt): void;
  attempts(): DeliveryAttempt[];
  pendingCount(): number;
  clear(): void;
  stop(): void;
}

const TICK_MS = 25;
const BATCH_LIMIT = 100;
const ATTEMPT_LOG_LIMIT = 5_000;

/**
 * Outgoing notifications with Graph's delivery contract (docs/microsoft-graph.md §5.3): a POST per endpoint
 * batching the items due, 2xx within the delivery timeout or it is retried with doubling back-off on the
 * emulator clock, dropped after the retry period, and the subscription then gets a `missed` lifecycle event.
 * Advancing the emulator clock compresses the 4-hour retry period in tests.
 */
export function createDeliveryQueue(deps: DeliveryQueueDeps): DeliveryQueue {
  let pending: Pending[] = [];
  let log: DeliveryAttempt[] = [];
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  let stopped = false;

  const schedule = (): void => {
    if (timer !== undefined || stopped || pending.length === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      void tick();
    }, TICK_MS);
    timer.unref();
  };

  const queue = (p: Omit<Pending, 'attempts' | 'firstAtMs'>): void => {
    pending.push({ ...p, attempts: 0, firstAtMs: deps.clock.nowMs() });
    schedule();
  };

  const record = (attempt: DeliveryAttempt): void => {
    log.push(attempt);
    if (log.length > ATTEMPT_LOG_LIMIT) log = log.slice(-ATTEMPT_LOG_LIMIT);
  };

  const enqueueLifecycle = (s: EmulatorSubscription, event: LifecycleEvent): boolean => {
    if (s.lifecycleNotificationUrl === null) return false;
    queue({
      kind: 'lifecycle',
      url: s.lifecycleNotificationUrl,
      subscriptionId: s.id,
      item: lifecycleNotification(s, event),
      dueAtMs: deps.clock.nowMs(),
    });
    return true;
  };

  async function tick(): Promise<void> {
    if (busy || stopped) return;
    busy = true;
    try {
      const settings = deps.settings();
      const now = deps.clock.nowMs();
      giveUpExpired(now, settings);
      const due = pending.filter((p) => p.dueAtMs <= now);
      if (settings.faults.reorder) due.reverse();
      await Promise.all(groups(due).map((g) => send(g, settings)));
    } finally {
      busy = false;
      schedule();
    }
  }

  function giveUpExpired(now: number, settings: NotificationSettings): void {
    const missedFor = new Set<string>();
    pending = pending.filter((p) => {
      if (now - p.firstAtMs <= settings.retryPeriodMs) return true;
      if (p.kind === 'change') missedFor.add(p.subscriptionId);
      return false;
    });
    for (const id of missedFor) {
      const s = deps.findSubscription(id);
      if (s) enqueueLifecycle(s, 'missed');
    }
  }

  async function send(group: Pending[], settings: NotificationSettings): Promise<void> {
    const first = group[0]!;
    const body = JSON.stringify({ value: group.map((p) => p.item) });
    const res = await deps.client.post(
      first.url,
      body,
      'application/json; charset=utf-8',
      settings.deliveryTimeoutMs,
    );
    const ok = res !== undefined && res.status >= 200 && res.status < 300;
    record({
      at: deps.clock.now().toISOString(),
      kind: first.kind,
      url: first.url,
      subscriptionIds: [...new Set(group.map((p) => p.subscriptionId))],
      items: group.length,
      status: res?.status ?? null,
      ok,
    });
    const sent = new Set(group);
    if (ok) {
      pending = pending.filter((p) => !sent.has(p));
      return;
    }
    const now = deps.clock.nowMs();
    for (const p of group) {
      p.attempts += 1;
      const delay = Math.min(settings.retryBaseDelayMs * 2 ** (p.attempts - 1), settings.retryMaxDelayMs);
      p.dueAtMs = now + delay;
    }
  }

  return {
    enqueueChange(s, item) {
      const { faults } = deps.settings();
      if (faults.dropRate > 0 && deps.random() < faults.dropRate) return;
      const copies = 1 + Math.max(0, Math.floor(faults.duplicates));
      for (let i = 0; i < copies; i++) {
        queue({
          kind: 'change',
          url: s.notificationUrl,
          subscriptionId: s.id,
          item,
          dueAtMs: deps.clock.nowMs() + faults.delayMs,
        });
      }
    },
    enqueueLifecycle,
    record,
    attempts: () => [...log],
    pendingCount: () => pending.length,
    clear() {
      pending = [];
      log = [];
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** Items due for the same endpoint and kind go out in one POST, up to BATCH_LIMIT items each. */
function groups(due: Pending[]): Pending[][] {
  const byKey = new Map<string, Pending[][]>();
  for (const p of due) {
    const key = `${p.kind} ${p.url}`;
    const list = byKey.get(key) ?? [];
    const last = list.at(-1);
    if (last && last.length < BATCH_LIMIT) last.push(p);
    else list.push([p]);
    byKey.set(key, list);
  }
  return [...byKey.values()].flat();
}
