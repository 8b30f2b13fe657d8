/** A clock that keeps flowing with real time but can be set or advanced (tokens, secret expiry, throttling use it). */
export interface ControllableClock {
  now(): Date;
  /** Milliseconds since the epoch; cheaper than now() on hot paths. */
  nowMs(): number;
  set(at: Date): void;
  advance(ms: number): void;
}

export function createClock(start?: Date): ControllableClock {
  // An offset against the real clock, so time still passes between requests (Retry-After works) while tests can jump.
  let offsetMs = start ? start.getTime() - Date.now() : 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    nowMs: () => Date.now() + offsetMs,
    set(at) {
      offsetMs = at.getTime() - Date.now();
    },
    advance(ms) {
      offsetMs += ms;
    },
  };
}
