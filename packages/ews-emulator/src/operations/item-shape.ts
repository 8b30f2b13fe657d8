import { CALENDAR_PROPERTIES, DEFAULT_SHAPE, knownProperty } from '../render/calendar-item.ts';
import { attr, child, children, text, type XmlNode } from '../soap/parsed-node.ts';
import { ERRORS } from './context.ts';
import type { EwsError } from '../soap/render-response.ts';

export type ShapeResult = { ok: true; uris: Set<string> } | { ok: false; error: EwsError; asFault: boolean };

/**
 * The properties an ItemShape asks for. FindItem and SyncFolderItems cannot return bodies, recipient lists or
 * recurrence (EWSR finditem-operation); asking anyway is an error, as EWSMA refuses client-side.
 */
export function readItemShape(shape: XmlNode | undefined, operation: 'find' | 'get'): ShapeResult {
  const base = text(shape, 'BaseShape') ?? 'Default';
  const uris = new Set<string>();
  const allowed = (p: { findable: boolean }): boolean => operation === 'get' || p.findable;
  if (base === 'Default') {
    for (const uri of DEFAULT_SHAPE) uris.add(uri.toLowerCase());
  } else if (base === 'AllProperties') {
    for (const p of CALENDAR_PROPERTIES) if (allowed(p)) uris.add(p.uri.toLowerCase());
  } else if (base !== 'IdOnly') {
    return { ok: false, error: ERRORS.schemaValidation(`BaseShape '${base}' is invalid.`), asFault: true };
  }
  const additional = child(shape, 'AdditionalProperties');
  for (const field of children(additional, 'FieldURI')) {
    const uri = attr(field, 'FieldURI') ?? '';
    const property = knownProperty(uri);
    if (!property)
      return {
        ok: false,
        error: ERRORS.schemaValidation(`FieldURI '${uri}' is not supported.`),
        asFault: true,
      };
    if (!allowed(property)) return { ok: false, error: ERRORS.invalidPropertyRequest(), asFault: false };
    uris.add(property.uri.toLowerCase());
  }
  for (const extended of children(additional, 'ExtendedFieldURI')) {
    const set = attr(extended, 'DistinguishedPropertySetId') ?? '';
    const name = attr(extended, 'PropertyName') ?? '';
    // Properties nobody set are simply absent from the item, as on Exchange.
    uris.add(`extendedproperty:${set}:${name}`.toLowerCase());
  }
  return { ok: true, uris };
}
