import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { AzureCloud, CertificateInput } from '@calsync/client';
import { CliError } from '../cli-error.ts';
import type { CliIo } from '../io.ts';
import { readSecret } from '../secrets.ts';

export interface ConnectorOptions {
  name?: string;
  cloud?: AzureCloud;
  azureTenant?: string;
  clientId?: string;
  clientSecretFile?: string;
  clientSecretStdin?: boolean;
  certificateFile?: string;
  privateKeyFile?: string;
  credentialExpires?: string;
  pastDays?: number;
  futureDays?: number;
  interval?: number;
  maskPrivate?: boolean;
  enabled?: boolean;
}

const integer = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new CliError(`${value} is not a whole number`);
  return parsed;
};

/** The options create and update share; secrets only as files or stdin. */
export function addConnectorOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--cloud <cloud>', 'Microsoft cloud').choices(['GLOBAL', 'US_GOV', 'US_GOV_DOD', 'CHINA']),
    )
    .option('--azure-tenant <id>', 'Directory (tenant) ID or verified domain')
    .option('--client-id <id>', 'Application (client) ID')
    .option('--client-secret-file <path>', "read the client secret's value from this file")
    .option('--client-secret-stdin', "read the client secret's value from stdin")
    .option('--certificate-file <path>', 'PEM certificate uploaded to the app registration')
    .option('--private-key-file <path>', 'PEM (PKCS#8) private key of that certificate')
    .option('--credential-expires <date>', 'when the secret or certificate expires (ISO date)')
    .option('--past-days <n>', 'sync window: days back', integer)
    .option('--future-days <n>', 'sync window: days ahead', integer)
    .option('--interval <seconds>', 'seconds between syncs (minimum 60)', integer)
    .option('--mask-private', 'store private events with times and showAs only')
    .option('--no-mask-private', 'store private events in full');
}

/** The credential, when the options name one: exactly one of secret and certificate. */
export async function credentialInput(
  io: CliIo,
  options: ConnectorOptions,
): Promise<{ clientSecret?: string; certificate?: CertificateInput }> {
  const wantsSecret = Boolean(options.clientSecretFile || options.clientSecretStdin);
  const wantsCertificate = Boolean(options.certificateFile || options.privateKeyFile);
  if (wantsSecret && wantsCertificate) throw new CliError('Give a client secret or a certificate, not both');
  if (wantsSecret) {
    return {
      clientSecret: await readSecret(
        io,
        { file: options.clientSecretFile, stdin: options.clientSecretStdin },
        'client secret',
      ),
    };
  }
  if (wantsCertificate) {
    if (!options.certificateFile || !options.privateKeyFile) {
      throw new CliError('A certificate needs both --certificate-file and --private-key-file');
    }
    return {
      certificate: {
        certificatePem: await readFile(options.certificateFile, 'utf8'),
        privateKeyPem: await readSecret(io, { file: options.privateKeyFile }, 'private key'),
      },
    };
  }
  return {};
}

/** Fields both inputs share, set only when the user gave them (update is partial). */
export function commonInput(options: ConnectorOptions) {
  const window =
    options.pastDays !== undefined || options.futureDays !== undefined
      ? { syncWindow: { pastDays: options.pastDays ?? 7, futureDays: options.futureDays ?? 180 } }
      : {};
  return {
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.azureTenant !== undefined ? { azureTenantId: options.azureTenant } : {}),
    ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
    ...(options.credentialExpires !== undefined
      ? { credentialExpiresAt: new Date(options.credentialExpires).toISOString() }
      : {}),
    ...window,
    ...(options.interval !== undefined ? { syncIntervalSeconds: options.interval } : {}),
    ...(options.maskPrivate !== undefined ? { maskPrivateEvents: options.maskPrivate } : {}),
  };
}
