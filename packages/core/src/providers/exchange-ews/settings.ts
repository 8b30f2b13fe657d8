import { z } from 'zod';

/** Below Exchange's EWSMaxConcurrency (27) and Microsoft's advice of ≤ 10 open requests per account (§6.3). */
export const DEFAULT_EWS_MAX_CONCURRENCY = 8;

/**
 * The non-secret settings of an on-premises Exchange connector (the monitor's password is a secret, stored
 * encrypted like client secrets). Parse errors carry the field path, so validation names the field.
 */
const ewsUrlSchema = z
  .url({ protocol: /^https$/, error: 'must be an https:// URL' })
  .refine((url) => new URL(url).pathname.toLowerCase().endsWith('/ews/exchange.asmx'), {
    error: 'must end with /EWS/Exchange.asmx',
  });

const baseSettingsSchema = z.object({
  /** https://<server>/EWS/Exchange.asmx as the admin entered it (§1.2); absent when Autodiscover finds it. */
  ewsUrl: ewsUrlSchema.optional(),
  /** The mail domain whose Autodiscover names the EWS URL (docs/exchange-ews.md §1.2), instead of ewsUrl. */
  autodiscoverDomain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
      'must be a DNS domain such as contoso.com',
    )
    .optional(),
  /** What Autodiscover last found for autodiscoverDomain; cleared when that URL stops answering. */
  discoveredEwsUrl: ewsUrlSchema.optional(),
  /** The monitor user as `DOMAIN\user` or UPN. */
  username: z
    .string()
    .trim()
    .regex(/^([^\\@\s]+\\[^\\@\s]+|[^\\@\s]+@[^\\@\s]+\.[^\\@\s]+)$/, 'must be DOMAIN\\user or user@domain'),
  /** NTLM by default (Windows authentication on the EWS virtual directory); Basic only when enabled there. */
  authentication: z.enum(['NTLM', 'BASIC']).default('NTLM'),
  requestServerVersion: z.enum(['Exchange2013_SP1', 'Exchange2016']).default('Exchange2013_SP1'),
  /** PEM bundle of an internal CA that signed the server's certificate. */
  caBundlePem: z
    .string()
    .includes('-----BEGIN CERTIFICATE-----', { error: 'must be PEM certificates' })
    .optional(),
  /** SHA-256 fingerprint of the server certificate, for servers whose chain cannot be trusted otherwise. */
  pinnedCertificateSha256: z
    .string()
    .regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, 'must be a SHA-256 fingerprint (64 hex digits)')
    .optional(),
  maxConcurrency: z.number().int().min(1).max(27).default(DEFAULT_EWS_MAX_CONCURRENCY),
});

/** Exactly one way to the server: the EWS URL, or a domain for Autodiscover. */
export const exchangeOnPremSettingsSchema = baseSettingsSchema.superRefine((settings, ctx) => {
  if (settings.ewsUrl === undefined && settings.autodiscoverDomain === undefined)
    ctx.addIssue({ code: 'custom', path: ['ewsUrl'], message: 'is required (or give autodiscoverDomain)' });
  if (settings.ewsUrl !== undefined && settings.autodiscoverDomain !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['autodiscoverDomain'],
      message: 'give either ewsUrl or autodiscoverDomain, not both',
    });
});

export type ExchangeOnPremSettings = z.infer<typeof exchangeOnPremSettingsSchema>;

/** The EWS URL to call now: the entered one, or the one Autodiscover found (undefined: discover first). */
export const currentEwsUrl = (settings: ExchangeOnPremSettings): string | undefined =>
  settings.ewsUrl ?? settings.discoveredEwsUrl;
