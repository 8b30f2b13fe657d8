import { badInput } from '../errors/index.ts';
import {
  exchangeOnPremSettingsSchema,
  type ExchangeOnPremSettings,
} from '../providers/exchange-ews/settings.ts';
import type { ExchangeOnPremInput, ExchangeVersionInput } from './connector-input.ts';

const VERSIONS: Readonly<Record<ExchangeVersionInput, ExchangeOnPremSettings['requestServerVersion']>> = {
  EXCHANGE_2013_SP1: 'Exchange2013_SP1',
  EXCHANGE_2016: 'Exchange2016',
};

export const exchangeVersionName = (
  version: ExchangeOnPremSettings['requestServerVersion'],
): ExchangeVersionInput => (version === 'Exchange2016' ? 'EXCHANGE_2016' : 'EXCHANGE_2013_SP1');

/** Longer than any Active Directory password (256 characters). */
const MAX_PASSWORD_LENGTH = 256;

/** The monitor's password as entered: kept exactly (spaces are valid password characters). */
export function validateMonitorPassword(password: string): string {
  if (password.length === 0) throw badInput('exchangeOnPrem.password', 'must not be empty');
  if (password.length > MAX_PASSWORD_LENGTH)
    throw badInput('exchangeOnPrem.password', `must be at most ${MAX_PASSWORD_LENGTH} characters`);
  return password;
}

/**
 * Settings of an on-premises Exchange connector: `base` (the stored ones on update) with the input's fields
 * over it, validated as a whole. Errors name the field (`exchangeOnPrem.ewsUrl`, …), never echo a value.
 */
export function validateExchangeOnPremSettings(
  input: ExchangeOnPremInput,
  base: Partial<ExchangeOnPremSettings> = {},
): ExchangeOnPremSettings {
  const merged: Record<string, unknown> = { ...base };
  const set = (key: keyof ExchangeOnPremSettings, value: unknown): void => {
    if (value !== undefined && value !== null) merged[key] = value;
  };
  // A new way to the server replaces the other one and forgets what Autodiscover found before.
  if (input.ewsUrl != null || input.autodiscoverDomain != null) {
    delete merged['ewsUrl'];
    delete merged['autodiscoverDomain'];
    delete merged['discoveredEwsUrl'];
  }
  set('ewsUrl', input.ewsUrl?.trim());
  set('autodiscoverDomain', input.autodiscoverDomain?.trim());
  set('username', input.username?.trim());
  set('authentication', input.authentication);
  set('requestServerVersion', input.exchangeVersion ? VERSIONS[input.exchangeVersion] : undefined);
  set('maxConcurrency', input.maxConcurrency);
  for (const key of ['caBundlePem', 'pinnedCertificateSha256'] as const) {
    const value = input[key];
    if (value === '') delete merged[key];
    else set(key, value?.trim());
  }
  const parsed = exchangeOnPremSettingsSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const field = path === 'requestServerVersion' ? 'exchangeVersion' : path;
  const message = merged[path] === undefined ? 'is required' : (issue?.message ?? 'is invalid');
  throw badInput(field === '' ? 'exchangeOnPrem' : `exchangeOnPrem.${field}`, message);
}
