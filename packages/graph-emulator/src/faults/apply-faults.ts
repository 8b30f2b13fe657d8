import type { HttpResult, RequestContext } from '../http/types.ts';
import type { EmulatorState } from '../state.ts';
import type { FaultTarget } from './fault-store.ts';

export type PreFaultOutcome = { kind: 'none' } | { kind: 'reset' } | { kind: 'respond'; result: HttpResult };

/**
 * Runs the faults that act before a handler: latency (sleeps, then continues), connection reset,
 * and error statuses (rendered by `renderStatus` so Graph and Entra routes each get their own body shape).
 * Body corruption faults are remembered on the context and applied when the response is written.
 */
export async function applyPreFaults(
  ctx: RequestContext,
  state: EmulatorState,
  target: FaultTarget,
  renderStatus: (
    status: number,
    retryAfterSeconds: number | undefined,
    code: string | undefined,
    message: string | undefined,
    emptyBody: boolean | undefined,
  ) => HttpResult,
  renderTokenError?: (f: {
    status: number;
    error: string;
    code: number;
    message?: string | undefined;
    retryAfterSeconds?: number | undefined;
  }) => HttpResult,
  options: { deferLatency?: boolean } = {},
): Promise<PreFaultOutcome> {
  const faults = state.faults;
  if (!options.deferLatency) await applyLatency(state, target);
  const body = faults.take(['truncatedJson', 'malformedJson'], target);
  if (body) ctx.bodyFault = body.type;
  const types = renderTokenError
    ? (['reset', 'status', 'tokenError'] as const)
    : (['reset', 'status'] as const);
  const f = faults.take(types, target);
  if (!f) return { kind: 'none' };
  switch (f.type) {
    case 'reset':
      return { kind: 'reset' };
    case 'status':
      return {
        kind: 'respond',
        result: renderStatus(f.status, f.retryAfterSeconds, f.code, f.message, f.emptyBody),
      };
    case 'tokenError':
      return renderTokenError ? { kind: 'respond', result: renderTokenError(f) } : { kind: 'none' };
  }
}

/** Sleeps for a matching latency fault. Graph calls run it after admission, so slow requests hold a concurrency slot. */
export async function applyLatency(state: EmulatorState, target: FaultTarget): Promise<void> {
  const latency = state.faults.take(['latency'], target);
  if (latency) await new Promise((r) => setTimeout(r, latency.ms));
}
