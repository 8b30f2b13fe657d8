/** Host name → https origin that serves it instead (operator configuration, e.g. the emulator in tests). */
export type AutodiscoverOrigins = Readonly<Record<string, string>>;

/**
 * The POX Autodiscover URLs for a domain, in Microsoft's documented order: the domain itself, then the
 * `autodiscover.` host (docs/exchange-ews.md §1.2). An operator override replaces a host's origin but keeps
 * the order and the path, so tests exercise the same sequence a real deployment does.
 */
export function autodiscoverCandidates(domain: string, origins: AutodiscoverOrigins = {}): string[] {
  const host = domain.trim().toLowerCase();
  return [host, `autodiscover.${host}`].map(
    (name) => `${origins[name] ?? `https://${name}`}/autodiscover/autodiscover.xml`,
  );
}

/** Parses `host=https://origin,host2=https://origin2` (CALSYNC_EWS_AUTODISCOVER_ORIGINS). */
export function parseAutodiscoverOrigins(value: string): AutodiscoverOrigins {
  const entries = value
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      const host = pair.slice(0, at).trim().toLowerCase();
      const origin = new URL(pair.slice(at + 1).trim());
      if (at <= 0 || origin.protocol !== 'https:') throw new Error(`not host=https://origin: ${host}`);
      return [host, origin.origin] as const;
    });
  return Object.fromEntries(entries);
}
