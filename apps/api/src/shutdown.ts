import { armShutdownDeadline, closeSteps, closeWithin, type CloseStep } from '@calsync/core';
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

type Log = Pick<FastifyInstance['log'], 'info' | 'warn'>;

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
  armShutdownDeadline(timings.deadlineMs, signal, log, exit);

  const closing = app.close();
  let clean = true;
  // Not logged as a failed step: running out of drain time is an expected outcome, reported below.
  const drained = await closeWithin({ what: 'requests', close: () => closing }, timings.drainMs);
  if (drained) {
    log.info('requests drained; closing connections');
  } else {
    const open = await openConnections(app);
    log.warn(
      { openConnections: open, drainMs: timings.drainMs },
      'drain period over; dropping open connections',
    );
    app.server.closeAllConnections();
    clean = await closeWithin({ what: 'the HTTP server', close: () => closing }, timings.closeStepMs, log);
  }
  // Every request is answered or dropped by now: the closing steps are best effort, each bounded.
  await closeSteps(steps, timings.closeStepMs, log);
  return clean ? 0 : 1;
}
