import type { EventInput } from '../calendar/index.ts';
import type { SeedPlace } from './room-metadata.ts';

/** An edit applied to one occurrence of a just-created series (index in its expanded instance list). */
export interface AfterCreateEdit {
  kind: 'cancelOccurrence' | 'editOccurrence';
  occurrenceIndex: number;
  patch?: Partial<EventInput> | undefined;
}

/** A deterministic organisation: directory data for the server plus the events to load. */
export interface SeedOrganisation {
  /** When the organisation was generated (ISO); mutateRandomly plans around it. */
  generatedAt: string;
  tenants: { id: string; displayName: string; domains: string[] }[];
  apps: {
    tenantId: string;
    clientId: string;
    displayName: string;
    roles: string[];
    secrets: { id: string; value: string; hint: string; expiresAt: string }[];
  }[];
  mailboxes: {
    id: string;
    tenantId: string;
    address: string;
    displayName: string;
    kind: 'room' | 'equipment' | 'user';
    restEnabled: boolean;
    /** IANA time zone of the mailbox. */
    timeZone: string;
    capacity?: number | undefined;
    building?: string | undefined;
    roomList?: string | undefined;
    /** Rooms only: the rest of the /places `room` properties. */
    place?: SeedPlace | undefined;
  }[];
  events: { mailboxId: string; input: EventInput; afterCreate?: AfterCreateEdit[] | undefined }[];
}

/** Options of generateOrganisation; `scale` switches to the synthetic N × M benchmark organisation. */
export interface GenerateOptions {
  seed: string;
  now: Date;
  scale?: { mailboxes: number; eventsPerMailbox: number } | undefined;
}

/** Seeded PRNG returning floats in [0, 1). */
export type Rng = () => number;
