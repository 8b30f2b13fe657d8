/** Environment variables that turn tracing on (the standard OTEL_* names). */
export interface TracingEnv {
  OTEL_SDK_DISABLED?: string | undefined;
  OTEL_TRACES_EXPORTER?: string | undefined;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  OTEL_SERVICE_NAME?: string | undefined;
}

/**
 * Tracing is off unless an OTLP endpoint is configured or OTEL_TRACES_EXPORTER names an exporter;
 * OTEL_SDK_DISABLED=true and OTEL_TRACES_EXPORTER=none keep it off.
 */
export function tracingRequested(env: TracingEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim();
  if (exporter === 'none') return false;
  return Boolean(exporter || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export interface Tracing {
  /** Flushes the spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK when the environment asks for it, before anything else is built
 * (the database pool checks tracingEnabled() when it is created). Off, the SDK is never loaded:
 * its module is imported only here.
 */
export async function startTracing(defaultServiceName: string, env: TracingEnv): Promise<Tracing | null> {
  if (!tracingRequested(env)) return null;
  const { startOpenTelemetrySdk } = await import('./otel-sdk.ts');
  return startOpenTelemetrySdk(env.OTEL_SERVICE_NAME ? undefined : defaultServiceName);
}
