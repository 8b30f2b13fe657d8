export * from './app-error.ts';
export * from './postgres-errors.ts';
export { classifyInfrastructureError } from './infrastructure-failure.ts';
