import type { AzureCloud } from '../db/schema/enums.ts';

/** A certificate credential as the admin pastes it. */
export interface CertificateInput {
  privateKeyPem: string;
  certificatePem: string;
}

export interface SyncWindowInput {
  pastDays: number;
  futureDays: number;
}

/** createConnector's input (CreateConnectorInput of the public contract, apps/api/src/graphql/schema). */
export interface CreateConnectorInput {
  name: string;
  cloud?: AzureCloud | null | undefined;
  azureTenantId: string;
  clientId: string;
  clientSecret?: string | null | undefined;
  certificate?: CertificateInput | null | undefined;
  credentialExpiresAt?: Date | null | undefined;
  syncWindow?: SyncWindowInput | null | undefined;
  syncIntervalSeconds?: number | null | undefined;
  maskPrivateEvents?: boolean | null | undefined;
  mailboxes?: string[] | null | undefined;
  /** Room lists whose new rooms the room directory job adds (docs/rooms.md). */
  autoAddRoomsFrom?: string[] | null | undefined;
  roomDirectoryIntervalHours?: number | null | undefined;
}

/** updateConnector's partial input; a credential field rotates the credential. */
export interface UpdateConnectorInput {
  name?: string | null | undefined;
  azureTenantId?: string | null | undefined;
  clientId?: string | null | undefined;
  clientSecret?: string | null | undefined;
  certificate?: CertificateInput | null | undefined;
  credentialExpiresAt?: Date | null | undefined;
  syncWindow?: SyncWindowInput | null | undefined;
  syncIntervalSeconds?: number | null | undefined;
  maskPrivateEvents?: boolean | null | undefined;
  enabled?: boolean | null | undefined;
  autoAddRoomsFrom?: string[] | null | undefined;
  roomDirectoryIntervalHours?: number | null | undefined;
}
