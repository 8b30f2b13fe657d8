import { secretsEqual } from '@calsync/core';

/**
 * Same rule as the API's operator endpoints: the platform admin key as a bearer token
 * (Prometheus `authorization`) or as the Basic password (any user name). No key configured
 * means nobody is admitted.
 */
export function presentsAdminKey(header: string | undefined, adminApiKey: string | undefined): boolean {
  if (!adminApiKey || !header) return false;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (bearer) return secretsEqual(bearer, adminApiKey);
  const basic = /^Basic\s+(\S+)$/i.exec(header)?.[1];
  if (!basic) return false;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  return secretsEqual(decoded.slice(decoded.indexOf(':') + 1), adminApiKey);
}
