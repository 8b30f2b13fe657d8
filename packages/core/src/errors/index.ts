export * from './app-error.ts';
export * from './postgres-errors.ts';
export * from './infrastructure-failure.ts';
