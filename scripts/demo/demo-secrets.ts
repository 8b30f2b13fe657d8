import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DemoSecrets {
  adminApiKey: string;
  encryptionKeys: string;
  /** Tenant API key of the last demo run, reused when it still works. */
  tenantApiKey?: string;
}

/** The demo's own keys, kept (0600) beside the demo database so reruns can decrypt what they stored. */
export function loadDemoSecrets(path: string): DemoSecrets {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as DemoSecrets;
  const secrets: DemoSecrets = {
    adminApiKey: `demo-admin-${randomBytes(24).toString('base64url')}`,
    encryptionKeys: `demo1:${randomBytes(32).toString('base64')}`,
  };
  saveDemoSecrets(path, secrets);
  return secrets;
}

export function saveDemoSecrets(path: string, secrets: DemoSecrets): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(secrets, null, 2), { mode: 0o600 });
}
