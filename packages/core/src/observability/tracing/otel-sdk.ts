// Loaded only when tracing is requested (start-tracing.ts): the SDK and its exporters stay out of
// memory otherwise.
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { Tracing } from './start-tracing.ts';
import { markTracingEnabled } from './tracing-state.ts';

/**
 * Traces only, configured by the standard OTEL_* variables (exporter, endpoint, protocol,
 * headers, sampler, batch delays). calsync's metrics stay Prometheus (/metrics) and its logs stay
 * JSON lines on stdout, so the SDK's metric readers and log processors are left empty.
 */
export function startOpenTelemetrySdk(serviceName: string | undefined): Tracing {
  const sdk = new NodeSDK({
    ...(serviceName ? { serviceName } : {}),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  markTracingEnabled();
  return { shutdown: () => sdk.shutdown() };
}
