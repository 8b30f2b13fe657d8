/**
 * A bounded `operation` label for GraphQL latency: the client-chosen operationName when it is a
 * plain GraphQL name, "anonymous" without one, and "other" for odd names or once `limit` distinct
 * names were seen (clients choose names freely; unbounded labels would exhaust Prometheus).
 */
export function createOperationLabeler(limit = 200): (body: unknown) => string {
  const seen = new Set<string>();
  return (body) => {
    const name =
      typeof body === 'object' && body !== null
        ? (body as { operationName?: unknown }).operationName
        : undefined;
    if (typeof name !== 'string' || name === '') return 'anonymous';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
    if (seen.has(name)) return name;
    if (seen.size >= limit) return 'other';
    seen.add(name);
    return name;
  };
}
