import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { tracingEnabled } from './tracing-state.ts';

/** W3C trace context fields (`traceparent`, `tracestate`) as carried in a job's data. */
export type TraceCarrier = Record<string, string>;

/**
 * `{ trace: carrier }` to spread into a job's data, so the job's spans join the trace of the
 * request that queued it; `{}` with tracing off or no active span (payload schemas ignore the key).
 */
export function traceCarrierField(): { trace?: TraceCarrier } {
  if (!tracingEnabled()) return {};
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length > 0 ? { trace: carrier } : {};
}

/** Runs `fn` in the trace a job's data carries (a new trace when it carries none). */
export function withJobTraceContext<T>(data: unknown, fn: () => T): T {
  return context.with(contextFromJobData(data), fn);
}

function contextFromJobData(data: unknown): Context {
  const carrier = typeof data === 'object' && data !== null ? (data as { trace?: unknown }).trace : undefined;
  if (typeof carrier !== 'object' || carrier === null) return ROOT_CONTEXT;
  const fields = Object.fromEntries(
    Object.entries(carrier).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  return propagation.extract(ROOT_CONTEXT, fields);
}

/** The trace id of the active span, for log lines; undefined when there is none. */
export function activeTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/**
 * Starts a server span continuing the caller's `traceparent` header (a new trace without one) and
 * calls `next` with it active; the caller ends the span when the response is sent.
 */
export function startServerSpan(
  name: string,
  headers: Record<string, string | string[] | undefined>,
  next: () => void,
): Span {
  const carrier = Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const parent = propagation.extract(ROOT_CONTEXT, carrier);
  const span = trace.getTracer('calsync').startSpan(name, { kind: SpanKind.SERVER }, parent);
  context.with(trace.setSpan(parent, span), next);
  return span;
}
