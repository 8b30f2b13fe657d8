import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';

/** Columns as placeholders of a compiled statement, the values to run it with, and what fixes its text. */
export interface PlaceholderColumns {
  /** For `.set()` / `.values()`: each present column as a placeholder named `<prefix>_<column>`. */
  columns: Record<string, SQL>;
  values: Record<string, unknown>;
  /** The present columns, in order: two calls with the same shape compile to the same SQL text. */
  shape: string;
}

/**
 * Turns a column → value object (undefined: absent) into placeholders for a statement compiled once per
 * shape (db/prepared-tenant-read.ts): a value written inline would be frozen into the compiled statement.
 */
export function placeholderColumns(prefix: string, row: Record<string, unknown>): PlaceholderColumns {
  const columns: Record<string, SQL> = {};
  const values: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (value === undefined) continue;
    const name = `${prefix}_${column}`;
    columns[column] = sql`${sql.placeholder(name)}`;
    values[name] = value;
  }
  return { columns, values, shape: Object.keys(columns).join(',') };
}

/**
 * A prepared statement's name for a shape: short and fixed-length, since Postgres truncates names to 63
 * bytes and two shapes must never share one.
 */
export function statementName(kind: string, shape: string): string {
  const key = `${kind}:${shape}`;
  let name = names.get(key);
  if (name === undefined) {
    name = `${kind}_${createHash('sha1').update(shape).digest('hex').slice(0, 16)}`;
    names.set(key, name);
  }
  return name;
}

// Shapes are few (one per combination of present columns): hashed once, not once per job.
const names = new Map<string, string>();
