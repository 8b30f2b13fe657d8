export * from './config/index.ts';
export * from './create-core.ts';
export * from './crypto/index.ts';
export * from './db/index.ts';
export * from './errors/index.ts';
export * from './jobs/index.ts';
export * from './observability/index.ts';
export * from './tenancy/index.ts';
