import { badInput } from '../errors/index.ts';

// Pragmatic SMTP address check (RFC 5321 dot-atom local part, DNS domain); Exchange accepts no more.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export const MAX_ADDRESSES_PER_CALL = 500;

/** Lower-cased SMTP address, or null when it is not one. */
export function normaliseAddress(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  if (value.length > 254) return null;
  const at = value.lastIndexOf('@');
  if (at <= 0) return null;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART.test(local) || !DOMAIN.test(domain)) return null;
  return value;
}

/**
 * Validates and de-duplicates (case-insensitively) a list of addresses, keeping first-seen order.
 * The error names the argument and the index of the first bad entry.
 */
export function normaliseAddresses(field: string, raw: readonly string[]): string[] {
  if (raw.length > MAX_ADDRESSES_PER_CALL)
    throw badInput(field, `at most ${MAX_ADDRESSES_PER_CALL} addresses per call`);
  const seen = new Set<string>();
  raw.forEach((entry, index) => {
    const address = normaliseAddress(entry);
    if (!address)
      throw badInput(`${field}[${index}]`, `"${entry.slice(0, 100)}" is not an SMTP address`, { index });
    seen.add(address);
  });
  return [...seen];
}
