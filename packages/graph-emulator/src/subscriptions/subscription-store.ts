import type { EmulatorSubscription } from './types.ts';

/** Subscriptions by id; an expired subscription is gone, as Graph deletes what is not renewed in time (§5.5). */
export interface SubscriptionStore {
  add(subscription: EmulatorSubscription): void;
  get(id: string, nowMs: number): EmulatorSubscription | undefined;
  /** Live subscriptions of an app. */
  listByApp(applicationId: string, nowMs: number): EmulatorSubscription[];
  /** Live subscriptions on a mailbox (every app). */
  listByMailbox(mailboxId: string, nowMs: number): EmulatorSubscription[];
  /** Every live subscription (control API). */
  list(nowMs: number): EmulatorSubscription[];
  remove(id: string): EmulatorSubscription | undefined;
  removeMailbox(mailboxId: string): void;
  clear(): void;
}

export function createSubscriptionStore(): SubscriptionStore {
  const byId = new Map<string, EmulatorSubscription>();
  const live = (nowMs: number): EmulatorSubscription[] => {
    for (const [id, s] of byId) if (s.expirationMs <= nowMs) byId.delete(id);
    return [...byId.values()];
  };
  return {
    add: (s) => void byId.set(s.id, s),
    get(id, nowMs) {
      const s = byId.get(id);
      if (s && s.expirationMs <= nowMs) {
        byId.delete(id);
        return undefined;
      }
      return s;
    },
    listByApp: (appId, nowMs) => live(nowMs).filter((s) => s.applicationId === appId),
    listByMailbox: (mailboxId, nowMs) => live(nowMs).filter((s) => s.mailboxId === mailboxId),
    list: live,
    remove(id) {
      const s = byId.get(id);
      byId.delete(id);
      return s;
    },
    removeMailbox(mailboxId) {
      for (const [id, s] of byId) if (s.mailboxId === mailboxId) byId.delete(id);
    },
    clear: () => byId.clear(),
  };
}
