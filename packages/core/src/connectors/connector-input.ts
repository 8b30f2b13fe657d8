import type { AzureCloud, ConnectorKind } from '../db/schema/enums.ts';

/** A certificate credential as the admin pastes it. */
export interface CertificateInput {
  privateKeyPem: string;
  certificatePem: string;
}

export interface SyncWindowInput {
  pastDays: number;
  futureDays: number;
}

/** The GraphQL names of the RequestServerVersion values calsync sends (docs/exchange-ews.md §1.4). */
export type ExchangeVersionInput = 'EXCHANGE_2013_SP1' | 'EXCHANGE_2016';

/** An on-premises Exchange connector's EWS endpoint and monitor user, as the admin enters them. */
export interface ExchangeOnPremInput {
  /** Exactly one of ewsUrl and autodiscoverDomain. */
  ewsUrl?: string | null | undefined;
  /** A mail domain whose Autodiscover names the EWS URL (docs/exchange-ews.md §1.2). */
  autodiscoverDomain?: string | null | undefined;
  username?: string | null | undefined;
  /** The monitor's password: sealed like a client secret, never returned or logged. */
  password?: string | null | undefined;
  authentication?: 'NTLM' | 'BASIC' | null | undefined;
  exchangeVersion?: ExchangeVersionInput | null | undefined;
  /** PEM of the internal CA; '' removes it on update. */
  caBundlePem?: string | null | undefined;
  /** SHA-256 fingerprint of the server certificate; '' removes it on update. */
  pinnedCertificateSha256?: string | null | undefined;
  maxConcurrency?: number | null | undefined;
}

/** createConnector's input (CreateConnectorInput of the public contract, apps/api/src/graphql/schema). */
export interface CreateConnectorInput {
  name: string;
  /** MICROSOFT_GRAPH unless given. */
  kind?: ConnectorKind | null | undefined;
  cloud?: AzureCloud | null | undefined;
  azureTenantId?: string | null | undefined;
  clientId?: string | null | undefined;
  exchangeOnPrem?: ExchangeOnPremInput | null | undefined;
  clientSecret?: string | null | undefined;
  certificate?: CertificateInput | null | undefined;
  credentialExpiresAt?: Date | null | undefined;
  syncWindow?: SyncWindowInput | null | undefined;
  syncIntervalSeconds?: number | null | undefined;
  maskPrivateEvents?: boolean | null | undefined;
  /** IANA zone of mailboxes whose own zone is unknown; default UTC. */
  defaultTimeZone?: string | null | undefined;
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
  defaultTimeZone?: string | null | undefined;
  enabled?: boolean | null | undefined;
  /** EXCHANGE_ONPREM connectors only; a password rotates the credential. */
  exchangeOnPrem?: ExchangeOnPremInput | null | undefined;
  autoAddRoomsFrom?: string[] | null | undefined;
  roomDirectoryIntervalHours?: number | null | undefined;
}
