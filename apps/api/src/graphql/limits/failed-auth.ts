import type { RateDecision, RateLimiter } from './rate-limiter.ts';

/**
 * Missing or wrong keys per client address and minute, counted alike wherever a key is presented
 * (an HTTP request, a WebSocket upgrade, a connection_init): otherwise a guesser would move to
 * the channel that is not counted, each guess costing a key lookup.
 */
export interface FailedAuthLimit {
  /** Whether `address` may still try, without counting. */
  check(address: string): RateDecision;
  /** Counts one failed authentication from `address`. */
  failed(address: string): void;
  /** The refusal's message. */
  readonly message: string;
}

export function createFailedAuthLimit(limiter: RateLimiter, perMinute: number): FailedAuthLimit {
  const bucket = (address: string): string => `addr:${address}`;
  return {
    check: (address) => limiter.exhausted(bucket(address), perMinute),
    failed: (address) => void limiter.consume(bucket(address), perMinute),
    message: `too many failed authentications from this address (limit ${perMinute} per minute)`,
  };
}
