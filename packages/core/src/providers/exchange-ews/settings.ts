import { z } from 'zod';

/** Below Exchange's EWSMaxConcurrency (27) and Microsoft's advice of ≤ 10 open requests per account (§6.3). */
export const DEFAULT_EWS_MAX_CONCURRENCY = 8;

/**
 * The non-secret settings of an on-premises Exchange connector (the monitor's password is a secret, stored
 * encrypted like client secrets). Parse errors carry the field path, so validation names the field.
 */
export const exchangeOnPremSettingsSchema = z.object({
  /** https://<server>/EWS/Exchange.asmx — asked for directly, no Autodiscover (§1.2). */
  ewsUrl: z
    .url({ protocol: /^https$/, error: 'must be an https:// URL' })
    .refine((url) => new URL(url).pathname.toLowerCase().endsWith('/ews/exchange.asmx'), {
      error: 'must end with /EWS/Exchange.asmx',
    }),
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

export type ExchangeOnPremSettings = z.infer<typeof exchangeOnPremSettingsSchema>;
