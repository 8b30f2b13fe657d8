import { describe, expect, it } from 'vitest';
import { startTracing, tracingRequested } from './start-tracing.ts';
import { traceCarrierField } from './trace-carrier.ts';
import { tracingEnabled } from './tracing-state.ts';

describe('tracing switch', () => {
  it('is on only when an OTLP endpoint or a traces exporter is configured', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_SERVICE_NAME: 'calsync' })).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c' })).toBe(
      false,
    );
    expect(tracingRequested({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c' })).toBe(
      false,
    );
  });

  it('off by default: starts nothing, and jobs carry no trace context', async () => {
    expect(await startTracing('calsync-test', {})).toBeNull();
    expect(tracingEnabled()).toBe(false);
    expect(traceCarrierField()).toEqual({});
  });
});
