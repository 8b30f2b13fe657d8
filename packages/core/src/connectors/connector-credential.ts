import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { SecretBox } from '../crypto/index.ts';
import { connectors, withTenant, type Database } from '../db/index.ts';
import { notFound } from '../errors/index.ts';
import type { ConnectorCredential } from '../providers/microsoft/identity/token-provider.ts';
import { parseConnectorSettings } from '../providers/connector-settings.ts';
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
]);
type SealedCredential = z.infer<typeof sealedCredential>;

export type NewCredential =
  | { kind: 'CLIENT_SECRET'; clientSecret: string }
  | { kind: 'CERTIFICATE'; certificate: ValidatedCertificate };

export interface SealedCredentialColumns {
  credentialKind: 'CLIENT_SECRET' | 'CERTIFICATE';
  credentialCiphertext: string;
  credentialHint: string;
}

/**
 * Encrypts a credential for one connector row. The AAD binds it to the tenant and connector, so a
 * ciphertext copied to another row does not decrypt. The hint is the last 4 characters of a secret
 * or the certificate's SHA-1 thumbprint (what the Entra portal lists), enough to recognise which
 * credential is in use without revealing it.
 */
export function sealCredential(
  secretBox: SecretBox,
  tenantId: string,
  connectorId: string,
  credential: NewCredential,
): SealedCredentialColumns {
  const payload: SealedCredential =
    credential.kind === 'CLIENT_SECRET'
      ? { kind: 'CLIENT_SECRET', clientSecret: credential.clientSecret }
      : {
          kind: 'CERTIFICATE',
          privateKeyPem: credential.certificate.privateKeyPem,
          certificatePem: credential.certificate.certificatePem,
          thumbprintSha256: credential.certificate.thumbprintSha256,
        };
  return {
    credentialKind: credential.kind,
    credentialCiphertext: secretBox.encrypt(JSON.stringify(payload), { tenantId, recordId: connectorId }),
    credentialHint:
      credential.kind === 'CLIENT_SECRET'
        ? credential.clientSecret.slice(-4)
        : credential.certificate.thumbprintSha1,
  };
}

/**
 * The decrypted credential of a connector, for the token provider. `version` changes on every
 * rotation, so token clients cached under the old version are never used again.
 * Throws NOT_FOUND when the connector does not exist in this tenant.
 */
export async function loadConnectorCredential(
  core: { db: Database; secretBox: SecretBox },
  tenantId: string,
  connectorId: string,
): Promise<ConnectorCredential> {
  const row = await withTenant(core.db, tenantId, async (tx) => {
    const [found] = await tx
      .select({
        id: connectors.id,
        kind: connectors.kind,
        settings: connectors.settings,
        credentialCiphertext: connectors.credentialCiphertext,
        credentialVersion: connectors.credentialVersion,
      })
      .from(connectors)
      .where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, connectorId)));
    return found;
  });
  if (!row) throw notFound('connector');
  const plaintext = core.secretBox.decrypt(row.credentialCiphertext, { tenantId, recordId: connectorId });
  const sealed = sealedCredential.parse(JSON.parse(plaintext));
  const settings = parseConnectorSettings(row.kind, row.settings);
  const base = {
    connectorId,
    version: row.credentialVersion,
    cloud: settings.cloud,
    azureTenantId: settings.azureTenantId,
    clientId: settings.clientId,
  };
  return sealed.kind === 'CLIENT_SECRET'
    ? { ...base, kind: 'CLIENT_SECRET', clientSecret: sealed.clientSecret }
    : {
        ...base,
        kind: 'CERTIFICATE',
        privateKeyPem: sealed.privateKeyPem,
        certificatePem: sealed.certificatePem,
        thumbprintSha256: sealed.thumbprintSha256,
      };
}
