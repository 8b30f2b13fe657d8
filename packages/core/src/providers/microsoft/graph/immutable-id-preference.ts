/**
 * Graph's preference for ids that survive folder moves (docs/microsoft-graph.md §9.7). It is per
 * request, so every request and every `$batch` item carries it.
 */
export const IMMUTABLE_ID_PREFERENCE = 'IdType="ImmutableId"';

/** The id type calsync keys Graph events by; stored on each mailbox's sync state. */
export const GRAPH_ID_TYPE = 'ImmutableId';

/**
 * Headers with `IdType="ImmutableId"` added to their Prefer header (whatever its casing), next to the
 * preferences already there (`outlook.timezone`, `odata.maxpagesize`).
 */
export function withImmutableIdPreference(
  headers: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const result: Record<string, string> = {};
  let prefer: string | undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'prefer') prefer = value;
    else result[name] = value;
  }
  if (prefer === undefined || prefer.trim() === '') result.Prefer = IMMUTABLE_ID_PREFERENCE;
  else if (/idtype\s*=/i.test(prefer)) result.Prefer = prefer;
  else result.Prefer = `${prefer}, ${IMMUTABLE_ID_PREFERENCE}`;
  return result;
}
