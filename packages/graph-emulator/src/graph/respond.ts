import type { HttpResult } from '../http/types.ts';

export const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** A 200 OData JSON response; Preference-Applied lists the preferences honoured (docs/microsoft-graph.md §2.2). */
export function odataOk(json: unknown, preferenceApplied: string[] = []): HttpResult {
  const headers: Record<string, string> = { 'content-type': ODATA_JSON };
  if (preferenceApplied.length > 0) headers['preference-applied'] = preferenceApplied.join(',');
  return { status: 200, headers, json };
}

/** Applies $top/$skip to a list and builds the @odata.nextLink carrying $skip, as Graph does for calendarView. */
export function pageList<T>(
  items: readonly T[],
  url: URL,
  linkBase: string,
  top: number,
  skip: number,
): { page: T[]; nextLink: string | undefined } {
  const page = items.slice(skip, skip + top);
  if (skip + top >= items.length) return { page, nextLink: undefined };
  const params = new URLSearchParams();
  for (const [k, v] of url.searchParams) {
    if (k.toLowerCase() !== '$skip' && k.toLowerCase() !== '$top') params.append(k, v);
  }
  params.set('$top', String(top));
  params.set('$skip', String(skip + top));
  return { page, nextLink: `${linkBase}?${params.toString().replace(/%24/g, '$')}` };
}
