export * from './event-change-hub.ts';
