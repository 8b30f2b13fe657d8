export * from './secret-box.ts';
export * from './rotate-keys.ts';
