import { SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

let enabled = false;

/** Whether startTracing registered the SDK; every instrumentation point checks this first. */
export function tracingEnabled(): boolean {
  return enabled;
}

export function markTracingEnabled(): void {
  enabled = true;
}

export { SpanKind };

/**
 * Runs `fn` inside a new active span (child of the active one) and ends it when `fn` settles,
 * recording a thrown error. Callers check tracingEnabled() first: with tracing off nothing is wrapped.
 */
export async function inSpan<T>(
  name: string,
  options: { kind: SpanKind; attributes?: Attributes },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return trace.getTracer('calsync').startActiveSpan(name, options, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
