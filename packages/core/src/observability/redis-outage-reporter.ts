import type { Logger } from 'pino';

/** Anything that reports Redis errors: an ioredis client, a BullMQ Queue or Worker. */
export interface ErrorSource {
  on(event: 'error', listener: (error: Error) => void): unknown;
}
/** Anything that says its connection is usable again: an ioredis client, a BullMQ queue backend. */
export interface ReadySource {
  on(event: 'ready', listener: () => void): unknown;
}

export interface RedisOutageReporter {
  /**
   * Routes `errors`' error events into the report and `ready`'s ready events into recovery.
   * Also the listener that keeps an unhandled 'error' from printing a raw stack trace.
   */
  watch(name: string, errors: ErrorSource, ready: ReadySource): void;
  /** True while any watched connection is down. */
  isDown(): boolean;
  /** Stops probing (the process is closing). */
  stop(): void;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

/** Errors of the connection itself (not of a command or a script), which the client retries by itself. */
export function isRedisConnectionError(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  return /connection is closed|connect e|reached the max retries|LOADING|socket closed/i.test(error.message);
}

/**
 * One process-wide view of Redis reachability, so an outage is a handful of structured lines
 * instead of one stack trace per reconnect attempt of every connection: one warning when the
 * first connection fails, at most one "still unavailable" line per `repeatMs` (with how many
 * errors it stands for), and one "recovered" line once every connection that failed is ready —
 * or once `probe` (a PING) answers: a connection may fail again after its own 'ready' (Redis still
 * loading its AOF, a blocking connection reconnecting late), and would then never report ready.
 */
export function createRedisOutageReporter(
  logger: Logger,
  options: {
    repeatMs?: number | undefined;
    probe?: (() => Promise<unknown>) | undefined;
    probeMs?: number | undefined;
  } = {},
): RedisOutageReporter {
  const repeatMs = options.repeatMs ?? 10_000;
  let probing: ReturnType<typeof setInterval> | null = null;
  let probeInFlight = false;
  const down = new Set<string>();
  let since: number | null = null;
  let errors = 0;
  let lastLine = 0;
  const repeated = new Map<string, { at: number; suppressed: number }>();

  const onError = (name: string, error: Error): void => {
    const err = { message: error.message, code: (error as { code?: unknown }).code };
    const now = Date.now();
    if (!isRedisConnectionError(error)) {
      // The same failure repeats on every lock renewal or retry: once per message per window.
      const seen = repeated.get(error.message);
      if (seen && now - seen.at < repeatMs) {
        seen.suppressed += 1;
        return;
      }
      if (repeated.size > 100) repeated.clear();
      repeated.set(error.message, { at: now, suppressed: 0 });
      logger.error({ connection: name, err, repeatedSinceLastLine: seen?.suppressed ?? 0 }, 'redis error');
      return;
    }
    down.add(name);
    errors += 1;
    if (since === null) {
      since = now;
      lastLine = now;
      logger.warn({ connection: name, err }, 'redis unavailable; reconnecting');
      startProbing();
    } else if (now - lastLine >= repeatMs) {
      lastLine = now;
      logger.warn({ downForMs: now - since, errors, connections: down.size, err }, 'redis still unavailable');
    }
  };

  const recovered = (): void => {
    if (since === null) return;
    logger.info({ downForMs: Date.now() - since, errors }, 'redis connection recovered');
    since = null;
    errors = 0;
    down.clear();
    stopProbing();
  };

  const onReady = (name: string): void => {
    if (!down.delete(name) || down.size > 0) return;
    recovered();
  };

  function startProbing(): void {
    const probe = options.probe;
    if (!probe || probing) return;
    probing = setInterval(() => {
      if (probeInFlight) return;
      probeInFlight = true;
      probe()
        .then(recovered, () => undefined)
        .finally(() => (probeInFlight = false));
    }, options.probeMs ?? 1_000);
    probing.unref();
  }

  function stopProbing(): void {
    if (probing) clearInterval(probing);
    probing = null;
  }

  return {
    watch(name, errorSource, readySource) {
      errorSource.on('error', (error) => onError(name, error));
      readySource.on('ready', () => onReady(name));
    },
    isDown: () => down.size > 0,
    stop: stopProbing,
  };
}
