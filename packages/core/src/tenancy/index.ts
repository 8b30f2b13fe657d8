export * from './api-key-secret.ts';
export * from './api-keys.ts';
export * from './api-key-list.ts';
export * from './authenticate.ts';
export * from './cursor.ts';
export * from './principal.ts';
export * from './tenants.ts';
export * from './scoped-tokens.ts';
