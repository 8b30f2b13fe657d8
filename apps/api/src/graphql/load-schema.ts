import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** SDL files, one per aggregate; order matters only in that base comes first. */
const SCHEMA_FILES = [
  'base.graphql',
  'tenancy.graphql',
  'connectors.graphql',
  'mailboxes.graphql',
  'events.graphql',
  'event-changes.graphql',
  'sync-runs.graphql',
  'sync.graphql',
  'scoped-tokens.graphql',
  'graph-notifications.graphql',
  'rooms.graphql',
  'webhook-endpoints.graphql',
];

export function loadSchema(): string {
  return SCHEMA_FILES.map((file) =>
    readFileSync(fileURLToPath(new URL(`./schema/${file}`, import.meta.url)), 'utf8'),
  ).join('\n');
}
