export * from './fragments.ts';
export * from './parse-env.ts';
export * from './core-config.ts';
