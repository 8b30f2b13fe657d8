export * from './bounded-steps.ts';
