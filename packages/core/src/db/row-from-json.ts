import { getTableColumns, type Table } from 'drizzle-orm';

/**
 * A table row from its `to_jsonb(row)` form (snake_case keys, timestamps as ISO strings), typed
 * like drizzle's select: for statements that return whole rows inside JSON.
 */
export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name] ?? null;
    row[key] = column.columnType === 'PgTimestamp' && typeof value === 'string' ? new Date(value) : value;
  }
  return row;
}
