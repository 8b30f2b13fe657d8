export * from './mailbox-feed.ts';
export * from './render-ics.ts';
