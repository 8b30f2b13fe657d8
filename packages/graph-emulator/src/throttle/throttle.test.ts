import { describe, expect, it } from 'vitest';
import { createThrottle } from './throttle.ts';

describe('createThrottle (docs/microsoft-graph.md §4.3)', () => {
  it('uses Microsoft’s numbers by default', () => {
    expect(createThrottle(undefined).settings()).toEqual({
      mailboxRequestsPerWindow: 10_000,
      mailboxWindowSeconds: 600,
      maxConcurrent: 4,
      concurrencyScope: 'appMailbox',
      appRequestsPerSecond: 2_000,
    });
  });

  it('allows 10,000 requests per app+mailbox per 10 minutes, then answers with the time left in the window', () => {
    const th = createThrottle({ appRequestsPerSecond: 1e9 });
    const t0 = 1_000_000;
    for (let i = 0; i < 10_000; i++) {
      const d = th.admit('app', 'mbx', t0 + i);
      expect(d.ok).toBe(true);
      if (d.ok) d.release();
    }
    const denied = th.admit('app', 'mbx', t0 + 10_000);
    expect(denied).toEqual({ ok: false, retryAfterSeconds: 590, reason: 'mailbox-window' });
    expect(th.admit('app', 'other-mbx', t0 + 10_000).ok).toBe(true);
    expect(th.admit('app', 'mbx', t0 + 600_000).ok).toBe(true);
  });

  it('limits concurrency per app+mailbox, or per app when so configured', () => {
    const th = createThrottle({});
    const held = [1, 2, 3, 4].map(() => th.admit('app', 'mbx', 0));
    expect(held.every((d) => d.ok)).toBe(true);
    expect(th.admit('app', 'mbx', 0)).toMatchObject({ ok: false, reason: 'concurrency' });
    expect(th.admit('app', 'mbx2', 0).ok).toBe(true);
    const first = held[0]!;
    if (first.ok) first.release();
    expect(th.admit('app', 'mbx', 0).ok).toBe(true);

    const perApp = createThrottle({ concurrencyScope: 'app', maxConcurrent: 1 });
    expect(perApp.admit('app', 'a', 0).ok).toBe(true);
    expect(perApp.admit('app', 'b', 0).ok).toBe(false);
  });

  it('limits requests per app per second with a fractional Retry-After', () => {
    const th = createThrottle({ appRequestsPerSecond: 2 });
    th.admit('app', undefined, 0);
    th.admit('app', undefined, 100);
    const d = th.admit('app', undefined, 250);
    expect(d).toEqual({ ok: false, retryAfterSeconds: 0.75, reason: 'app-rps' });
    expect(th.admit('app', undefined, 1000).ok).toBe(true);
  });

  it('can be switched off', () => {
    const th = createThrottle(false);
    for (let i = 0; i < 10; i++) expect(th.admit('app', 'mbx', 0).ok).toBe(true);
  });
});
