import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type {
  EwsAuthentication,
  ExchangeOnPremInput,
  ExchangeOnPremUpdateInput,
  ExchangeVersion,
} from '@calsync/client';
import { CliError } from '../cli-error.ts';
import type { CliIo } from '../io.ts';
import { readSecret } from '../secrets.ts';
import { integer } from './integer.ts';

/** The options of an on-premises Exchange (EWS) connector; the password only as a file or stdin. */
export interface ExchangeOptions {
  ewsUrl?: string;
  autodiscoverDomain?: string;
  username?: string;
  passwordFile?: string;
  passwordStdin?: boolean;
  authentication?: EwsAuthentication;
  exchangeVersion?: ExchangeVersion;
  caBundleFile?: string;
  clearCaBundle?: boolean;
  pinnedCertificateSha256?: string;
  maxConcurrency?: number;
}

const ONPREM = 'Exchange on premises:';

export function addExchangeOptions(command: Command): Command {
  return command
    .option('--ews-url <url>', `${ONPREM} https://<server>/EWS/Exchange.asmx`)
    .option('--autodiscover-domain <domain>', `${ONPREM} mail domain whose Autodiscover finds the EWS URL`)
    .option('--username <user>', `${ONPREM} the monitor user, DOMAIN\\user or UPN`)
    .option('--password-file <path>', `${ONPREM} read the monitor user's password from this file`)
    .option('--password-stdin', `${ONPREM} read the monitor user's password from stdin`)
    .addOption(
      new Option('--authentication <method>', `${ONPREM} how to sign in (default NTLM)`).choices([
        'NTLM',
        'BASIC',
      ]),
    )
    .addOption(
      new Option('--exchange-version <version>', `${ONPREM} RequestServerVersion`).choices([
        'EXCHANGE_2013_SP1',
        'EXCHANGE_2016',
      ]),
    )
    .option('--ca-bundle-file <path>', `${ONPREM} PEM of the internal CA that signed the server certificate`)
    .option('--pinned-certificate-sha256 <hex>', `${ONPREM} SHA-256 fingerprint of the server certificate`)
    .option('--max-concurrency <n>', `${ONPREM} concurrent EWS requests (default 8, at most 27)`, integer);
}

/** The Exchange fields the user gave, read from their files; empty when none. */
async function givenFields(io: CliIo, options: ExchangeOptions): Promise<ExchangeOnPremUpdateInput> {
  const wantsPassword = Boolean(options.passwordFile || options.passwordStdin);
  if (options.caBundleFile && options.clearCaBundle)
    throw new CliError('Give --ca-bundle-file or --clear-ca-bundle, not both');
  let caBundlePem: string | undefined;
  if (options.caBundleFile) {
    try {
      caBundlePem = await readFile(options.caBundleFile, 'utf8');
    } catch {
      throw new CliError(`Cannot read the CA bundle from ${options.caBundleFile}`);
    }
  }
  const fields: ExchangeOnPremUpdateInput = {
    ewsUrl: options.ewsUrl,
    autodiscoverDomain: options.autodiscoverDomain,
    username: options.username,
    password: wantsPassword
      ? await readSecret(io, { file: options.passwordFile, stdin: options.passwordStdin }, 'password')
      : undefined,
    authentication: options.authentication,
    exchangeVersion: options.exchangeVersion,
    // '' clears a stored bundle (the API's update contract).
    caBundlePem: options.clearCaBundle ? '' : caBundlePem,
    pinnedCertificateSha256: options.pinnedCertificateSha256,
    maxConcurrency: options.maxConcurrency,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** A new connector's Exchange settings: the monitor user, its password and one way to the server. */
export async function exchangeCreateInput(io: CliIo, options: ExchangeOptions): Promise<ExchangeOnPremInput> {
  if (!options.username) throw new CliError('--username (the monitor user) is required for EXCHANGE_ONPREM');
  if (Boolean(options.ewsUrl) === Boolean(options.autodiscoverDomain))
    throw new CliError('Give exactly one of --ews-url and --autodiscover-domain');
  if (!options.passwordFile && !options.passwordStdin)
    throw new CliError("The monitor user's password is required: --password-file or --password-stdin");
  const { password, ...rest } = await givenFields(io, options);
  return { ...rest, username: options.username, password: password! };
}

/** An update's Exchange part, only when an Exchange option was given (a new password rotates it). */
export async function exchangeUpdateInput(
  io: CliIo,
  options: ExchangeOptions,
): Promise<{ exchangeOnPrem?: ExchangeOnPremUpdateInput }> {
  const fields = await givenFields(io, options);
  return Object.keys(fields).length > 0 ? { exchangeOnPrem: fields } : {};
}
