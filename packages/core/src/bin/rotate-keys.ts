// `npm run keys:rotate`: re-encrypts every stored connector credential with the first key of
// CALSYNC_ENCRYPTION_KEYS. Put the new key first (keep the old ones after it), deploy, run this,
// then drop the old keys. Uses DATABASE_ADMIN_URL: the rotation spans every tenant.
import { z } from 'zod';
import {
  createDatabase,
  createSecretBox,
  cryptoFragment,
  parseEnv,
  reEncryptCredentials,
  ConfigError,
} from '../index.ts';

const schema = z.object({ ...cryptoFragment, DATABASE_ADMIN_URL: z.string().regex(/^postgres(ql)?:\/\//) });

async function main(): Promise<void> {
  const env = parseEnv(schema, process.env);
  const handle = createDatabase(env.DATABASE_ADMIN_URL, { max: 2 });
  try {
    const box = createSecretBox(env.CALSYNC_ENCRYPTION_KEYS);
    const report = await reEncryptCredentials(handle.db, box);
    console.log(
      `keys:rotate: ${report.examined} credentials examined, ${report.reEncrypted} re-encrypted with key "${box.currentKeyId()}", ${report.alreadyCurrent} already current`,
    );
    for (const bad of report.failed) {
      console.error(
        `keys:rotate: could not re-encrypt connector ${bad.connectorId} of tenant ${bad.tenantId}: ${bad.reason}`,
      );
    }
    console.log(`keys:rotate: ${report.remainingOldKey} credentials still use an older key`);
    // Old keys may only be removed once nothing needs them: make that impossible to miss.
    if (report.remainingOldKey > 0) process.exitCode = 1;
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigError ? error.message : `keys:rotate failed: ${(error as Error).message}`,
  );
  process.exit(1);
});
