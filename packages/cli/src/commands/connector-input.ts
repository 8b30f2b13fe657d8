import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { AzureCloud, CertificateInput } from '@calsync/client';
import { CliError } from '../cli-error.ts';
import type { CliIo } from '../io.ts';
import { readSecret } from '../secrets.ts';
import { addExchangeOptions, type ExchangeOptions } from './exchange-input.ts';
import { integer } from './integer.ts';

export interface ConnectorOptions extends ExchangeOptions {
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

const M365 = 'Microsoft 365:';

/** The options create and update share; secrets only as files or stdin. */
export function addConnectorOptions(command: Command): Command {
  command
    .addOption(
      new Option('--cloud <cloud>', `${M365} Microsoft cloud`).choices([
        'GLOBAL',
        'US_GOV',
        'US_GOV_DOD',
        'CHINA',
      ]),
    )
    .option('--azure-tenant <id>', `${M365} Directory (tenant) ID or verified domain`)
    .option('--client-id <id>', `${M365} Application (client) ID`)
    .option('--client-secret-file <path>', `${M365} read the client secret's value from this file`)
    .option('--client-secret-stdin', `${M365} read the client secret's value from stdin`)
    .option('--certificate-file <path>', `${M365} PEM certificate uploaded to the app registration`)
    .option('--private-key-file <path>', `${M365} PEM (PKCS#8) private key of that certificate`)
    .option('--credential-expires <date>', `${M365} when the secret or certificate expires (ISO date)`);
  return addExchangeOptions(command)
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
  if (options.clientSecretStdin && options.passwordStdin)
    throw new CliError('Only one secret can come from stdin: give the other as a file');
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

/** A new Microsoft 365 connector's app registration and credential (exactly one of secret and certificate). */
export async function graphCreateInput(io: CliIo, options: ConnectorOptions) {
  if (
    options.ewsUrl ||
    options.autodiscoverDomain ||
    options.username ||
    options.passwordFile ||
    options.passwordStdin
  ) {
    throw new CliError('The Exchange on premises options need --kind EXCHANGE_ONPREM');
  }
  if (!options.azureTenant || !options.clientId) {
    throw new CliError('--azure-tenant and --client-id are required');
  }
  const credential = await credentialInput(io, options);
  if (!credential.clientSecret && !credential.certificate) {
    throw new CliError(
      'A credential is required: --client-secret-file, --client-secret-stdin, or --certificate-file with --private-key-file',
    );
  }
  return {
    azureTenantId: options.azureTenant,
    clientId: options.clientId,
    ...(options.cloud ? { cloud: options.cloud } : {}),
    ...credential,
  };
}
