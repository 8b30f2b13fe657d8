import { Column, is, SQL } from 'drizzle-orm';

/** A selected field as drizzle keeps it on a prepared select: where it goes in the row, and what it is. */
export interface SelectedField {
  path: string[];
  field: unknown;
}

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

/**
 * The identity every column type that needs no decoding inherits (text, integer, uuid, json…).
 * Only compared with, never called.
 */
const identity: unknown = Object.getOwnPropertyDescriptor(Column.prototype, 'mapFromDriverValue')?.value;

/** What turns a field's driver value into its JS value: null when none is needed, undefined when unknown. */
function decoderOf(field: unknown): Decoder | null | undefined {
  let decoder: Decoder | undefined;
  // An expression's decoder (`sql\`…\`.mapWith()`) is internal to drizzle's SQL type.
  const decoderOfSql = (sql: SQL): Decoder | undefined => (sql as unknown as { decoder?: Decoder }).decoder;
  if (is(field, Column)) decoder = field;
  else if (is(field, SQL)) decoder = decoderOfSql(field);
  else if (is(field, SQL.Aliased)) decoder = decoderOfSql(field.sql);
  if (!decoder) return undefined;
  return decoder.mapFromDriverValue === identity ? null : decoder;
}

/**
 * A row mapper for a select whose fields all sit at the top of the row (one table's columns, or
 * plain expressions: no joined tables). It gives the same objects as drizzle's own `mapResultRow`,
 * which re-inspects every field of every row (`is()` checks, a path iterator per column): for a
 * page of 50 mailboxes that was the largest Node cost of the read (docs/scaling.md §Reads). Here
 * the keys and decoders are worked out once per statement. Null when the select has another shape.
 */
export function flatRowMapper(
  fields: readonly SelectedField[],
): ((rows: unknown[][]) => Record<string, unknown>[]) | null {
  if (!fields.every((f) => f.path.length === 1)) return null;
  const keys = fields.map((f) => f.path[0]!);
  const decoders = fields.map((f) => decoderOf(f.field));
  if (decoders.some((d) => d === undefined)) return null;
  const known = decoders as (Decoder | null)[];
  const width = keys.length;
  return (rows) =>
    rows.map((row) => {
      const mapped: Record<string, unknown> = {};
      for (let i = 0; i < width; i++) {
        const raw = row[i];
        const decoder = known[i]!;
        mapped[keys[i]!] = raw === null ? null : decoder === null ? raw : decoder.mapFromDriverValue(raw);
      }
      return mapped;
    });
}

/** drizzle's prepared query, as far as its row mapping goes. */
interface MappedQuery {
  fields?: SelectedField[];
  customResultMapper?: unknown;
}

/**
 * Gives a compiled drizzle select (or RETURNING) the flat mapper above when its shape allows.
 * drizzle calls `customResultMapper` with the rows in array mode instead of mapping them itself.
 */
export function useFlatRowMapper(prepared: unknown): void {
  const query = prepared as MappedQuery;
  if (!Array.isArray(query.fields) || query.customResultMapper !== undefined) return;
  const mapper = flatRowMapper(query.fields);
  if (mapper) query.customResultMapper = mapper;
}
