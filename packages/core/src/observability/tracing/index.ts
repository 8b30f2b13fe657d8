export * from './start-tracing.ts';
export * from './trace-carrier.ts';
export { inSpan, SpanKind, tracingEnabled } from './tracing-state.ts';
