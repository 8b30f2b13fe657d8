import { DirectoryError } from '../directory/directory-error.ts';

/** Tiny validators for control API bodies (the emulator has no schema library on purpose: few, flat inputs). */
export function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new DirectoryError('Invalid', 'JSON object body expected');
  return body as Record<string, unknown>;
}

export function reqString(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '')
    throw new DirectoryError('Invalid', `${key} must be a non-empty string`);
  return v;
}

export function optString(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new DirectoryError('Invalid', `${key} must be a string`);
  return v;
}

export function optBoolean(o: Record<string, unknown>, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new DirectoryError('Invalid', `${key} must be a boolean`);
  return v;
}

export function optNumber(o: Record<string, unknown>, key: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new DirectoryError('Invalid', `${key} must be a number`);
  return v;
}

export function optStringArray(o: Record<string, unknown>, key: string): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new DirectoryError('Invalid', `${key} must be an array of strings`);
  return v;
}

/** ISO instant or null (never expires). */
export function optInstant(o: Record<string, unknown>, key: string): string | null | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v)))
    throw new DirectoryError('Invalid', `${key} must be an ISO date-time or null`);
  return new Date(v).toISOString();
}
