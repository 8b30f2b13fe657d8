export * from './app-error.ts';
export * from './postgres-errors.ts';
