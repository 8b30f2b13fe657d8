import type { FastifyInstance } from 'fastify';

/**
 * How a stopping API spends its grace period (docs/operations.md, "Stopping"). Orchestrators
 * kill after 30 s by default, so the whole sequence fits well inside that.
 */
export interface ShutdownTimings {
  /** In-flight requests may finish within this; connections still open afterwards are dropped. */
  drainMs: number;
  /** Each closing step after the drain (pools, span export) may take this long. */
  closeStepMs: number;
  /** The process exits with 1 at this point whatever is still pending. */
  deadlineMs: number;
}

export const DEFAULT_SHUTDOWN_TIMINGS: ShutdownTimings = {
  drainMs: 10_000,
  closeStepMs: 4_000,
  deadlineMs: 25_000,
};

export interface CloseStep {
  what: string;
  close: () => Promise<unknown>;
}

type Log = Pick<FastifyInstance['log'], 'info' | 'warn'>;
type WarnLog = Pick<Log, 'warn'>;

/**
 * While closing, every response ends its connection: Node's server.close() only drops the
 * connections idle at that moment, so a request still running at SIGTERM would otherwise leave a
 * keep-alive socket that holds the close open for the whole keep-alive timeout (72 s in Fastify).
 * Registered before listening; harmless until shutdown starts.
 */
export function closeConnectionsWhileStopping(app: FastifyInstance): { markStopping: () => void } {
  let stopping = false;
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (stopping) void reply.header('connection', 'close');
    done(null, payload);
  });
  return {
    markStopping: () => {
      stopping = true;
    },
  };
}

async function within(
  what: string,
  close: () => Promise<unknown>,
  ms: number,
  log: WarnLog,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const outcome = await Promise.race([
    close().then(
      () => 'closed' as const,
      () => 'failed' as const,
    ),
    timedOut,
  ]);
  clearTimeout(timer);
  if (outcome !== 'closed') log.warn({ step: what, outcome }, `closing ${what} did not finish cleanly`);
  return outcome === 'closed';
}

function openConnections(app: FastifyInstance): Promise<number> {
  return new Promise((resolve) => app.server.getConnections((error, count) => resolve(error ? -1 : count)));
}

/**
 * Stops accepting, drains in-flight requests for `drainMs`, then drops the connections that are
 * still open (a stalled upload, a half-sent request) so a single client cannot hold the process,
 * then runs the closing steps, each bounded. Resolves with the exit code: 1 only when the HTTP
 * server would not close even after dropping its connections. The hard deadline exits on its own.
 */
export async function shutDown(
  app: FastifyInstance,
  steps: CloseStep[],
  signal: string,
  timings: ShutdownTimings = DEFAULT_SHUTDOWN_TIMINGS,
  exit: (code: number) => void = (code) => process.exit(code),
): Promise<number> {
  const log: Log = app.log;
  log.info({ signal }, 'shutting down: draining requests');
  setTimeout(() => {
    log.warn({ signal }, 'shutdown deadline reached; exiting with work still open');
    exit(1);
  }, timings.deadlineMs).unref();

  const closing = app.close();
  let clean = true;
  const drained = await within('requests', () => closing, timings.drainMs, { warn: () => undefined });
  if (drained) {
    log.info('requests drained; closing connections');
  } else {
    const open = await openConnections(app);
    log.warn(
      { openConnections: open, drainMs: timings.drainMs },
      'drain period over; dropping open connections',
    );
    app.server.closeAllConnections();
    clean = await within('the HTTP server', () => closing, timings.closeStepMs, log);
  }
  // Every request is answered or dropped by now: the closing steps are best effort, each bounded.
  for (const step of steps) await within(step.what, step.close, timings.closeStepMs, log);
  return clean ? 0 : 1;
}
