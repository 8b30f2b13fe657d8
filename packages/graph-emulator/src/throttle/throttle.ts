/** Outlook throttling numbers (docs/microsoft-graph.md §4.3); each can be overridden. */
export interface ThrottlingOptions {
  /** Requests per app+mailbox per window; Microsoft: 10,000 per 10 minutes. */
  mailboxRequestsPerWindow?: number | undefined;
  mailboxWindowSeconds?: number | undefined;
  /** Concurrent requests per app+mailbox (or per app, see concurrencyScope); Microsoft: 4. */
  maxConcurrent?: number | undefined;
  /** Newer docs count the 4 concurrent requests per app regardless of mailbox. */
  concurrencyScope?: 'appMailbox' | 'app' | undefined;
  /** Requests per second per app across tenants; Microsoft: 2,000. */
  appRequestsPerSecond?: number | undefined;
}

/** Effective throttling numbers. */
export type ThrottleSettings = { [K in keyof ThrottlingOptions]-?: Exclude<ThrottlingOptions[K], undefined> };

export type ThrottleDecision =
  { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number; reason: string };

export interface Throttle {
  admit(appId: string, mailboxId: string | undefined, nowMs: number): ThrottleDecision;
  configure(options: ThrottlingOptions | false): void;
  settings(): ThrottleSettings | false;
  reset(): void;
}

const DEFAULTS: ThrottleSettings = {
  mailboxRequestsPerWindow: 10_000,
  mailboxWindowSeconds: 600,
  maxConcurrent: 4,
  concurrencyScope: 'appMailbox',
  appRequestsPerSecond: 2_000,
};

interface Window {
  startMs: number;
  count: number;
}

/** Fixed windows: simple, deterministic, and Retry-After is the exact time until the window rolls over. */
export function createThrottle(initial: ThrottlingOptions | false | undefined): Throttle {
  let settings: ThrottleSettings | false =
    initial === false
      ? false
      : { ...DEFAULTS, ...(stripUndefined(initial ?? {}) as Partial<ThrottleSettings>) };
  const mailboxWindows = new Map<string, Window>();
  const appSeconds = new Map<string, Window>();
  const inFlight = new Map<string, number>();

  const bump = (map: Map<string, Window>, key: string, nowMs: number, lengthMs: number): Window => {
    let w = map.get(key);
    if (!w || nowMs - w.startMs >= lengthMs) {
      w = { startMs: nowMs, count: 0 };
      map.set(key, w);
    }
    w.count += 1;
    return w;
  };

  return {
    admit(appId, mailboxId, nowMs) {
      if (!settings) return { ok: true, release: () => undefined };
      const s = settings;
      const app = bump(appSeconds, appId, nowMs, 1000);
      if (app.count > s.appRequestsPerSecond) {
        return {
          ok: false,
          retryAfterSeconds: roundUp((app.startMs + 1000 - nowMs) / 1000),
          reason: 'app-rps',
        };
      }
      if (mailboxId !== undefined) {
        const windowMs = s.mailboxWindowSeconds * 1000;
        const w = bump(mailboxWindows, `${appId}|${mailboxId}`, nowMs, windowMs);
        if (w.count > s.mailboxRequestsPerWindow) {
          return {
            ok: false,
            retryAfterSeconds: roundUp((w.startMs + windowMs - nowMs) / 1000),
            reason: 'mailbox-window',
          };
        }
      }
      const concurrencyKey =
        s.concurrencyScope === 'app' || mailboxId === undefined ? appId : `${appId}|${mailboxId}`;
      const current = inFlight.get(concurrencyKey) ?? 0;
      if (current >= s.maxConcurrent) {
        // docs/microsoft-graph.md §9.10: "retry once fewer than 4 are in flight", with Retry-After: 1.
        return { ok: false, retryAfterSeconds: 1, reason: 'concurrency' };
      }
      inFlight.set(concurrencyKey, current + 1);
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          const n = (inFlight.get(concurrencyKey) ?? 1) - 1;
          if (n <= 0) inFlight.delete(concurrencyKey);
          else inFlight.set(concurrencyKey, n);
        },
      };
    },
    configure(options) {
      // New numbers start from fresh windows, so a test that tightens limits is not charged for earlier calls.
      mailboxWindows.clear();
      appSeconds.clear();
      settings =
        options === false
          ? false
          : { ...DEFAULTS, ...(stripUndefined(options) as Partial<ThrottleSettings>) };
    },
    settings: () => (settings ? { ...settings } : false),
    reset() {
      mailboxWindows.clear();
      appSeconds.clear();
      // in-flight counts belong to live requests: they release themselves.
    },
  };
}

function roundUp(seconds: number): number {
  return Math.max(0.001, Math.ceil(seconds * 1000) / 1000);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
