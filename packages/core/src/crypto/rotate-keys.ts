import { and, eq } from 'drizzle-orm';
import { connectors, type Database } from '../db/index.ts';
import type { SecretBox } from './secret-box.ts';

export interface RotationReport {
  examined: number;
  reEncrypted: number;
  alreadyCurrent: number;
  /** Rows that could not be decrypted with any configured key (ids and reason only, never ciphertext). */
  failed: { tenantId: string; connectorId: string; reason: string }[];
  /** Credentials still not under the current key after the run (failed rows, concurrent writers). */
  remainingOldKey: number;
}

/**
 * Re-encrypts every stored credential with the current (first) key. Run through an owner
 * connection (DATABASE_ADMIN_URL): it spans tenants. Each row is updated only if its
 * ciphertext did not change meanwhile, so a concurrent rotation via the API is never lost.
 * After it reports zero remaining, older keys can be removed from CALSYNC_ENCRYPTION_KEYS.
 */
export async function reEncryptCredentials(ownerDb: Database, box: SecretBox): Promise<RotationReport> {
  const rows = await ownerDb
    .select({ tenantId: connectors.tenantId, id: connectors.id, ciphertext: connectors.credentialCiphertext })
    .from(connectors);
  const report: RotationReport = {
    examined: rows.length,
    reEncrypted: 0,
    alreadyCurrent: 0,
    failed: [],
    remainingOldKey: 0,
  };
  for (const row of rows) {
    if (isCurrent(box, row.ciphertext)) {
      report.alreadyCurrent++;
      continue;
    }
    const context = { tenantId: row.tenantId, recordId: row.id };
    let sealed: string;
    try {
      sealed = box.encrypt(box.decrypt(row.ciphertext, context), context);
    } catch (error) {
      // One unreadable row (key removed too early, tampered value) must not stop the others.
      report.failed.push({ tenantId: row.tenantId, connectorId: row.id, reason: (error as Error).message });
      continue;
    }
    const updated = await ownerDb
      .update(connectors)
      .set({ credentialCiphertext: sealed })
      .where(
        and(
          eq(connectors.tenantId, row.tenantId),
          eq(connectors.id, row.id),
          eq(connectors.credentialCiphertext, row.ciphertext),
        ),
      )
      .returning({ id: connectors.id });
    if (updated.length) report.reEncrypted++;
  }
  const after = await ownerDb.select({ ciphertext: connectors.credentialCiphertext }).from(connectors);
  report.remainingOldKey = after.filter((row) => !isCurrent(box, row.ciphertext)).length;
  return report;
}

function isCurrent(box: SecretBox, envelope: string): boolean {
  try {
    return box.keyIdOf(envelope) === box.currentKeyId();
  } catch {
    return false;
  }
}
