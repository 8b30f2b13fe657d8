import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { SecretBox } from '../crypto/index.ts';
import { connectors, readAsTenant, type Database } from '../db/index.ts';
import { notFound } from '../errors/index.ts';
import type { ConnectorKind, CredentialKind } from '../db/schema/enums.ts';
import type { ValidatedCertificate } from './validate-connector-input.ts';

/** What is sealed in connectors.credential_ciphertext (JSON inside the AES-GCM envelope). */
const sealedCredential = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('CLIENT_SECRET'), clientSecret: z.string().min(1) }),
  z.object({
    kind: z.literal('CERTIFICATE'),
    privateKeyPem: z.string().min(1),
    certificatePem: z.string().min(1),
    thumbprintSha256: z.string().min(1),
  }),
  z.object({ kind: z.literal('PASSWORD'), password: z.string().min(1) }),
]);
type SealedCredential = z.infer<typeof sealedCredential>;

export type NewCredential =
  | { kind: 'CLIENT_SECRET'; clientSecret: string }
  | { kind: 'CERTIFICATE'; certificate: ValidatedCertificate }
  | { kind: 'PASSWORD'; password: string };

export interface SealedCredentialColumns {
  credentialKind: CredentialKind;
  credentialCiphertext: string;
  credentialHint: string;
}

/**
 * Encrypts a credential for one connector row. The AAD binds it to the tenant and connector, so a
 * ciphertext copied to another row does not decrypt. The hint is the last 4 characters of a secret
 * or the certificate's SHA-1 thumbprint (what the Entra portal lists), enough to recognise which
 * credential is in use without revealing it. A password gets no hint: any part of a password
 * (unlike a long random secret) helps guessing it.
 */
export function sealCredential(
  secretBox: SecretBox,
  tenantId: string,
  connectorId: string,
  credential: NewCredential,
): SealedCredentialColumns {
  const { payload, hint } = sealable(credential);
  return {
    credentialKind: credential.kind,
    credentialCiphertext: secretBox.encrypt(JSON.stringify(payload), { tenantId, recordId: connectorId }),
    credentialHint: hint,
  };
}

function sealable(credential: NewCredential): { payload: SealedCredential; hint: string } {
  switch (credential.kind) {
    case 'CLIENT_SECRET':
      return { payload: credential, hint: credential.clientSecret.slice(-4) };
    case 'CERTIFICATE':
      return {
        payload: {
          kind: 'CERTIFICATE',
          privateKeyPem: credential.certificate.privateKeyPem,
          certificatePem: credential.certificate.certificatePem,
          thumbprintSha256: credential.certificate.thumbprintSha256,
        },
        hint: credential.certificate.thumbprintSha1,
      };
    case 'PASSWORD':
      return { payload: credential, hint: '' };
  }
}

/** A connector's kind, settings and decrypted credential, for the provider that serves its kind. */
export interface UnsealedConnector {
  kind: ConnectorKind;
  settings: unknown;
  credential: SealedCredential;
  version: number;
}

/** The stored columns a connector's credential is unsealed from (a sync job reads them with its target). */
export interface SealedConnectorRecord {
  kind: ConnectorKind;
  settings: unknown;
  credentialCiphertext: string;
  credentialVersion: number;
}

/**
 * Decrypts a connector's credential. Throws NOT_FOUND when the connector does not exist in this tenant.
 * With `record`, the columns already read in the caller's statement are used instead of reading them again.
 */
export async function unsealConnector(
  core: { db: Database; secretBox: SecretBox },
  tenantId: string,
  connectorId: string,
  record?: SealedConnectorRecord,
): Promise<UnsealedConnector> {
  const row = record ?? (await readSealedConnector(core.db, tenantId, connectorId));
  if (!row) throw notFound('connector');
  const plaintext = core.secretBox.decrypt(row.credentialCiphertext, { tenantId, recordId: connectorId });
  return {
    kind: row.kind,
    settings: row.settings,
    credential: sealedCredential.parse(JSON.parse(plaintext)),
    version: row.credentialVersion,
  };
}

const sealedConnectorColumns = {
  kind: connectors.kind,
  settings: connectors.settings,
  credentialCiphertext: connectors.credentialCiphertext,
  credentialVersion: connectors.credentialVersion,
};

async function readSealedConnector(
  db: Database,
  tenantId: string,
  connectorId: string,
): Promise<SealedConnectorRecord | undefined> {
  const [found] = await readAsTenant(db, tenantId, (reader) =>
    reader
      .select(sealedConnectorColumns)
      .from(connectors)
      .where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, connectorId))),
  );
  return found;
}
