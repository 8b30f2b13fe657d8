import type { CalendarStore } from '../calendar/index.ts';
import type { HttpResult, RequestContext } from '../http/types.ts';
import { parsePrefer } from './odata.ts';

/** Graph's echo of an honoured Prefer: IdType="ImmutableId". */
export const IMMUTABLE_ID_APPLIED = 'IdType="ImmutableId"';

/** Prefer: IdType="ImmutableId" (per request; outlook-immutable-id). */
export function wantsImmutableIds(ctx: RequestContext): boolean {
  return parsePrefer(ctx.req.headers.prefer).get('idtype')?.toLowerCase() === 'immutableid';
}

/** Adds the IdType preference to a response's Preference-Applied. */
export function withImmutableIdApplied(result: HttpResult): HttpResult {
  if (result.status !== 200) return result;
  const headers = { ...result.headers };
  const current = headers['preference-applied'];
  headers['preference-applied'] = current ? `${current},${IMMUTABLE_ID_APPLIED}` : IMMUTABLE_ID_APPLIED;
  return { ...result, headers };
}

/** Rewrites `id` and `seriesMasterId` of the events in a calendar response to their immutable form. */
export function toImmutableIds(result: HttpResult, calendar: CalendarStore, mailboxId: string): HttpResult {
  const json = result.json as Record<string, unknown> | undefined;
  if (result.status !== 200 || json === undefined) return result;
  const convert = (item: unknown): unknown => {
    if (typeof item !== 'object' || item === null) return item;
    const event = { ...(item as Record<string, unknown>) };
    if (typeof event.id === 'string') event.id = calendar.toImmutableId(mailboxId, event.id);
    if (typeof event.seriesMasterId === 'string')
      event.seriesMasterId = calendar.toImmutableId(mailboxId, event.seriesMasterId);
    return event;
  };
  const converted = Array.isArray(json.value) ? { ...json, value: json.value.map(convert) } : convert(json);
  return withImmutableIdApplied({ ...result, json: converted });
}
