/** Small OData helpers for the Graph routes: query options, Prefer headers, $select, dates. */

/** Case-insensitive query lookup (the docs themselves mix startdatetime and startDateTime). */
export function getQueryParam(params: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of params) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/** Parses every `Prefer` header (there may be several, each a comma list) into name → value. */
export function parsePrefer(header: string | string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  for (const v of values) {
    for (const part of splitOutsideQuotes(v)) {
      const i = part.indexOf('=');
      const name = (i < 0 ? part : part.slice(0, i)).trim().toLowerCase();
      const raw = i < 0 ? '' : part.slice(i + 1).trim();
      if (name) out.set(name, raw.replace(/^"(.*)"$/, '$1'));
    }
  }
  return out;
}

function splitOutsideQuotes(s: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/** startDateTime/endDateTime: an offset in the value wins; without one the value is UTC (docs/microsoft-graph.md §2.2). */
export function parseGraphDateTime(value: string): Date | undefined {
  const v = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(v);
  const withTime = v.length === 10 ? `${v}T00:00:00` : v;
  const d = new Date(hasZone ? withTime : `${withTime}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Applies $select the way Graph does: listed properties plus id and @odata.* annotations. */
export function applySelect<T extends Record<string, unknown>>(
  item: T,
  select: string | undefined,
): Record<string, unknown> {
  if (!select) return item;
  const wanted = new Set(select.split(',').map((s) => s.trim().toLowerCase()));
  return Object.fromEntries(
    Object.entries(item).filter(
      ([k]) => k === 'id' || k.startsWith('@odata.') || wanted.has(k.toLowerCase()),
    ),
  );
}

export function parseNonNegativeInt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) return Number.NaN;
  return Number.parseInt(value, 10);
}
