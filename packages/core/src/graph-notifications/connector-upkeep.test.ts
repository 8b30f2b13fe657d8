import { describe, expect, it } from 'vitest';
import type { GraphSubscriptionRow } from '../db/index.ts';
import { decideUpkeep, FAILED_RETRY_MS } from './connector-upkeep.ts';

const HOUR = 3_600_000;
const now = Date.parse('2030-01-06T12:00:00Z');
const options = { nowMs: now, safetyPollMs: 6 * HOUR, maxLifetimeMs: 70 * HOUR };
const subscription = (over: Partial<GraphSubscriptionRow>): GraphSubscriptionRow => ({
  tenantId: 't',
  mailboxId: 'm',
  connectorId: 'c',
  status: 'ACTIVE',
  subscriptionId: 's',
  clientStateHash: 'h',
  expiresAt: new Date(now + 60 * HOUR),
  lastNotificationAt: null,
  lastError: null,
  createdAt: new Date(now - HOUR),
  updatedAt: new Date(now - HOUR),
  ...over,
});
const syncedAgo = (ms: number) => new Date(now - ms);

describe('decideUpkeep', () => {
  it('skips the poll while a healthy subscription is younger than the safety interval', () => {
    const s = subscription({});
    expect(decideUpkeep({ mailboxId: 'm', lastSyncedAt: syncedAgo(HOUR), subscription: s }, options)).toEqual(
      {
        poll: false,
        action: undefined,
      },
    );
    expect(
      decideUpkeep({ mailboxId: 'm', lastSyncedAt: syncedAgo(7 * HOUR), subscription: s }, options).poll,
    ).toBe(true);
  });

  it('renews once half the lifetime is used, and recreates an expired one', () => {
    const old = subscription({ expiresAt: new Date(now + 30 * HOUR) });
    expect(
      decideUpkeep({ mailboxId: 'm', lastSyncedAt: syncedAgo(HOUR), subscription: old }, options).action,
    ).toBe('RENEW');
    const expired = subscription({ expiresAt: new Date(now - 1) });
    expect(
      decideUpkeep({ mailboxId: 'm', lastSyncedAt: syncedAgo(HOUR), subscription: expired }, options),
    ).toEqual({
      poll: true,
      action: 'SUBSCRIBE',
    });
  });

  it('subscribes a synced mailbox, never one that has not synced yet, and retries a refusal after an hour', () => {
    expect(decideUpkeep({ mailboxId: 'm', lastSyncedAt: null, subscription: undefined }, options)).toEqual({
      poll: true,
      action: undefined,
    });
    expect(
      decideUpkeep({ mailboxId: 'm', lastSyncedAt: syncedAgo(HOUR), subscription: undefined }, options)
        .action,
    ).toBe('SUBSCRIBE');
    const refused = (ago: number) =>
      subscription({ status: 'FAILED', subscriptionId: null, expiresAt: null, updatedAt: syncedAgo(ago) });
    expect(
      decideUpkeep(
        { mailboxId: 'm', lastSyncedAt: syncedAgo(HOUR), subscription: refused(HOUR / 2) },
        options,
      ),
    ).toEqual({
      poll: true,
      action: undefined,
    });
    expect(
      decideUpkeep(
        { mailboxId: 'm', lastSyncedAt: syncedAgo(HOUR), subscription: refused(FAILED_RETRY_MS + 1) },
        options,
      ).action,
    ).toBe('SUBSCRIBE');
  });
});
