// Closed value sets stored as text. Text + check constraint (not pg enums) keeps
// adding a value a one-line, transaction-safe migration.
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

export const apiKeyRoles = ['PLATFORM_ADMIN', 'ADMIN', 'READER'] as const;
export type ApiKeyRole = (typeof apiKeyRoles)[number];

/**
 * What a key is for: `API` keys call GraphQL; `DISPLAY` tokens call a read-only slice of it for
 * named mailboxes (room boards); `FEED` tokens only fetch one mailbox's ICS feed.
 */
export const apiKeyPurposes = ['API', 'DISPLAY', 'FEED'] as const;
export type ApiKeyPurpose = (typeof apiKeyPurposes)[number];

export const connectorKinds = ['MICROSOFT_GRAPH', 'EXCHANGE_ONPREM'] as const;
export type ConnectorKind = (typeof connectorKinds)[number];

export const azureClouds = ['GLOBAL', 'US_GOV', 'US_GOV_DOD', 'CHINA'] as const;
export type AzureCloud = (typeof azureClouds)[number];

/** PASSWORD: an on-premises Exchange monitor user's password (EXCHANGE_ONPREM). */
export const credentialKinds = ['CLIENT_SECRET', 'CERTIFICATE', 'PASSWORD'] as const;
export type CredentialKind = (typeof credentialKinds)[number];

export const connectorStatuses = [
  'PENDING',
  'HEALTHY',
  'DEGRADED',
  'AUTH_FAILED',
  'CONSENT_REQUIRED',
  'DISABLED',
] as const;
export type ConnectorStatus = (typeof connectorStatuses)[number];

export const mailboxKinds = ['ROOM', 'EQUIPMENT', 'USER', 'UNKNOWN'] as const;
export type MailboxKind = (typeof mailboxKinds)[number];

/** Microsoft's room `bookingType`: RESERVED rooms are bookable only by their delegates. */
export const roomBookingTypes = ['STANDARD', 'RESERVED', 'UNKNOWN'] as const;
export type RoomBookingType = (typeof roomBookingTypes)[number];

export const mailboxSyncStatuses = ['NEVER_SYNCED', 'SYNCING', 'OK', 'ERROR'] as const;
export type MailboxSyncStatus = (typeof mailboxSyncStatuses)[number];

export const syncRunKinds = ['FULL', 'DELTA'] as const;
export type SyncRunKind = (typeof syncRunKinds)[number];

export const syncRunTriggers = ['SCHEDULE', 'MANUAL', 'NOTIFICATION', 'RECOVERY'] as const;
export type SyncRunTrigger = (typeof syncRunTriggers)[number];

export const syncRunStatuses = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type SyncRunStatus = (typeof syncRunStatuses)[number];

export const eventTypes = ['SINGLE_INSTANCE', 'OCCURRENCE', 'EXCEPTION', 'SERIES_MASTER'] as const;
export type EventType = (typeof eventTypes)[number];

export const showAsValues = ['FREE', 'TENTATIVE', 'BUSY', 'OOF', 'WORKING_ELSEWHERE', 'UNKNOWN'] as const;
export type ShowAs = (typeof showAsValues)[number];

export const sensitivities = ['NORMAL', 'PERSONAL', 'PRIVATE', 'CONFIDENTIAL'] as const;
export type Sensitivity = (typeof sensitivities)[number];

export const responseStatuses = [
  'NONE',
  'ORGANIZER',
  'TENTATIVELY_ACCEPTED',
  'ACCEPTED',
  'DECLINED',
  'NOT_RESPONDED',
] as const;
export type ResponseStatus = (typeof responseStatuses)[number];

export const attendeeTypes = ['REQUIRED', 'OPTIONAL', 'RESOURCE'] as const;
export type AttendeeType = (typeof attendeeTypes)[number];

export const onlineMeetingProviders = ['TEAMS', 'ZOOM', 'WEBEX', 'GOOGLE_MEET', 'SIP', 'OTHER'] as const;
export type OnlineMeetingProvider = (typeof onlineMeetingProviders)[number];

/** `column in ('A', 'B', ...)` for a check constraint; values are our own constants, never input. */
export function isOneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;
}

/** What happened to an event, as the change log (event_changes) records it. */
export const eventChangeTypes = ['CREATED', 'UPDATED', 'DELETED'] as const;
export type EventChangeType = (typeof eventChangeTypes)[number];
