import type { FieldBehaviour } from './behaviour/field-behaviour.ts';
import { withRoomProcessing } from './behaviour/room-calendar-processing.ts';
import type { CalendarStore } from './calendar/index.ts';
import { createCalendarStore } from './calendar/index.ts';
import type { ControllableClock } from './clock.ts';
import type { Directory } from './directory/directory.ts';
import { createDirectory } from './directory/directory.ts';
import type { FaultStore } from './faults/fault-store.ts';
import { createFaultStore } from './faults/fault-store.ts';
import type { SigningKey } from './identity/signing-key.ts';
import { createIdSource } from './ids.ts';
import type { IdSource } from './ids.ts';
import type { RequestLog } from './request-log.ts';
import { createRequestLog } from './request-log.ts';
import type { Throttle } from './throttle/throttle.ts';
import { withChangeNotifications } from './subscriptions/change-notifier.ts';
import { createDeliveryQueue } from './subscriptions/delivery-queue.ts';
import type { DeliveryQueue } from './subscriptions/delivery-queue.ts';
import { createEndpointClient } from './subscriptions/endpoint-client.ts';
import type { EndpointClient } from './subscriptions/endpoint-client.ts';
import { createSubscriptionStore } from './subscriptions/subscription-store.ts';
import type { SubscriptionStore } from './subscriptions/subscription-store.ts';
import { DEFAULT_NOTIFICATION_SETTINGS } from './subscriptions/types.ts';
import type { NotificationSettings } from './subscriptions/types.ts';

/** Credentials of a ready-to-use app from the seeded organisation (printed by the CLI). */
export interface SeedSummary {
  tenantId: string;
  tenantDomain: string;
  clientId: string;
  clientSecret: string;
  mailboxCount: number;
  eventCount: number;
}

/** A delta page as served, tagged with its round (sync state id). */
export interface ServedDeltaPage {
  round: number;
  items: unknown[];
}

/** Everything the emulator knows. Fields are replaced on reset, so always read them through this object. */
export interface EmulatorState {
  readonly clock: ControllableClock;
  readonly signingKey: SigningKey;
  readonly throttle: Throttle;
  readonly requestLog: RequestLog;
  tokenLifetimeSeconds: number;
  /** Documented vs field behaviours; configuration like throttling, so a reset keeps it. */
  behaviour: FieldBehaviour;
  seed: string | false;
  ids: IdSource;
  directory: Directory;
  calendar: CalendarStore;
  faults: FaultStore;
  seedSummary: SeedSummary | undefined;
  /**
   * Last delta page served per (app, mailbox, window) with the round it belongs to: the replayItems
   * fault repeats it only within that same round (Graph never replays items of an earlier round).
   */
  lastDeltaPages: Map<string, ServedDeltaPage>;
  /** Graph change-notification subscriptions (emptied on reset). */
  subscriptions: SubscriptionStore;
  /** Outgoing notifications with retries; one queue for the emulator's lifetime (emptied on reset). */
  readonly deliveries: DeliveryQueue;
  /** How the emulator calls subscribers (validation and delivery). */
  readonly endpointClient: EndpointClient;
  /** Limits, timeouts, retry schedule and notification faults; configuration, so a reset keeps it. */
  notificationSettings: NotificationSettings;
}

export function createEmptyState(input: {
  clock: ControllableClock;
  signingKey: SigningKey;
  throttle: Throttle;
  tokenLifetimeSeconds: number;
  seed: string | false;
  behaviour: FieldBehaviour;
  /** CAs (PEM) the emulator trusts when calling https notification endpoints, besides the public roots. */
  notificationCaPem?: readonly string[] | undefined;
  notificationSettings?: Partial<NotificationSettings> | undefined;
  /** Entries the request log keeps (its default when omitted). */
  requestLogCapacity?: number | undefined;
}): EmulatorState {
  const ids = createIdSource(input.seed === false ? undefined : input.seed);
  const endpointClient = createEndpointClient(input.notificationCaPem);
  const random = createRandom(input.seed === false ? 'notifications' : `${input.seed}:notifications`);
  const state: EmulatorState = {
    clock: input.clock,
    signingKey: input.signingKey,
    throttle: input.throttle,
    requestLog: createRequestLog(input.requestLogCapacity),
    tokenLifetimeSeconds: input.tokenLifetimeSeconds,
    behaviour: input.behaviour,
    seed: input.seed,
    ids,
    directory: createDirectory(ids),
    calendar: createCalendarStore({ clock: input.clock }),
    faults: createFaultStore(createRandom(input.seed === false ? 'faults' : `${input.seed}:faults`)),
    seedSummary: undefined,
    lastDeltaPages: new Map(),
    subscriptions: createSubscriptionStore(),
    deliveries: createDeliveryQueue({
      clock: input.clock,
      client: endpointClient,
      settings: () => state.notificationSettings,
      random,
      findSubscription: (id) => state.subscriptions.get(id, input.clock.nowMs()),
    }),
    endpointClient,
    notificationSettings: { ...DEFAULT_NOTIFICATION_SETTINGS, ...input.notificationSettings },
  };
  state.calendar = createStateCalendar(state);
  return state;
}

/**
 * The calendar store of a state: rooms process bookings per the current directory and behaviour, and every
 * mutation notifies the mailbox's subscribers.
 */
function createStateCalendar(state: EmulatorState): CalendarStore {
  const rooms = withRoomProcessing(createCalendarStore({ clock: state.clock }), () => ({
    findMailbox: (id) => state.directory.findMailbox(id),
    behaviour: state.behaviour,
  }));
  return withChangeNotifications(rooms, {
    subscriptions: () => state.subscriptions,
    deliveries: () => state.deliveries,
    nowMs: () => state.clock.nowMs(),
  });
}

/** Empties directory, calendars, faults, log, throttling counters and subscriptions (the clock is left alone). */
export function clearState(state: EmulatorState, seed: string | false): void {
  state.seed = seed;
  state.ids = createIdSource(seed === false ? undefined : seed);
  state.directory = createDirectory(state.ids);
  state.calendar = createStateCalendar(state);
  state.faults = createFaultStore(createRandom(seed === false ? 'faults' : `${seed}:faults`));
  state.requestLog.clear();
  state.throttle.reset();
  state.seedSummary = undefined;
  state.lastDeltaPages = new Map();
  state.subscriptions = createSubscriptionStore();
  state.deliveries.clear();
}

/** mulberry32 over a string hash: deterministic fault probabilities. */
export function createRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
