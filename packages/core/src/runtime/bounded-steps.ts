// The bounded pieces both services stop with (docs/operations.md, "Stopping"): a hard deadline that
// exits whatever is still pending, and closing steps that may each take only so long, so one pool
// stuck on a dead Postgres or Redis cannot keep a stopping process alive.

/** One thing to close while stopping: a pool, a server, the span exporter. */
export interface CloseStep {
  what: string;
  close: () => Promise<unknown>;
}

/** The pino-compatible subset the helpers log through. */
export interface ShutdownLog {
  warn(fields: object, message: string): void;
}

export type StepOutcome = 'closed' | 'failed' | 'timeout';

/**
 * Runs one step for at most `ms`. A step that fails or overruns is logged (when `log` is given)
 * and left behind: the caller moves on. Resolves true only when the step closed in time.
 */
export async function closeWithin(step: CloseStep, ms: number, log?: ShutdownLog): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const outcome: StepOutcome = await Promise.race([
    step.close().then(
      () => 'closed' as const,
      () => 'failed' as const,
    ),
    timedOut,
  ]);
  clearTimeout(timer);
  if (outcome !== 'closed')
    log?.warn({ step: step.what, outcome }, `closing ${step.what} did not finish cleanly`);
  return outcome === 'closed';
}

/** Each step in order, each bounded by `ms`. Resolves true when every step closed in time. */
export async function closeSteps(steps: CloseStep[], ms: number, log: ShutdownLog): Promise<boolean> {
  let clean = true;
  for (const step of steps) clean = (await closeWithin(step, ms, log)) && clean;
  return clean;
}

/**
 * Exits with 1 after `ms` whatever is still pending (an orchestrator would kill the process a little
 * later anyway; exiting first leaves the reason in the log). The timer never keeps the process alive.
 */
export function armShutdownDeadline(
  ms: number,
  signal: string,
  log: ShutdownLog,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  setTimeout(() => {
    log.warn({ signal }, 'shutdown deadline reached; exiting with work still open');
    exit(1);
  }, ms).unref();
}
