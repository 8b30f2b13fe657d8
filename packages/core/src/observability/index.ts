export * from './log-context.ts';
export * from './logger.ts';
export * from './redis-outage-reporter.ts';
export * from './tracing/index.ts';
