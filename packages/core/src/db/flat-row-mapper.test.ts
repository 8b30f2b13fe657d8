import * as drizzle from 'drizzle-orm';
import { count, getTableColumns, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { flatRowMapper, useFlatRowMapper, type SelectedField } from './flat-row-mapper.ts';
import { events } from './schema/events.ts';
import { mailboxes } from './schema/mailboxes.ts';

// drizzle's own row mapper: exported at run time, left out of its type declarations.
const mapResultRow = (drizzle as unknown as Record<string, unknown>).mapResultRow as (
  fields: readonly SelectedField[],
  row: unknown[],
  joins: undefined,
) => Record<string, unknown>;

/** The fields drizzle keeps for `select().from(table)`: each column at the top of the row. */
const columnsOf = (table: typeof mailboxes | typeof events): SelectedField[] =>
  Object.entries(getTableColumns(table)).map(([key, column]) => ({ path: [key], field: column }));

/** A driver row for the fields, each value of the kind node-postgres hands drizzle for its type; some nulls. */
function driverRow(fields: readonly SelectedField[], seed: number): unknown[] {
  return fields.map(({ field }, i) => {
    if ((i + seed) % 4 === 0) return null;
    const type = (field as { getSQLType(): string }).getSQLType();
    if (type.startsWith('timestamp')) return `2026-12-0${1 + (seed % 9)} 09:30:00.123+00`;
    if (type === 'date') return new Date(Date.UTC(2026, 11, 1 + seed));
    if (type.startsWith('json')) return { nested: [i, seed] };
    if (type === 'integer' || type === 'bigint' || type === 'smallint') return i * 7 + seed;
    if (type === 'boolean') return seed % 2 === 0;
    if (type.endsWith('[]')) return [`item-${i}`, `item-${seed}`];
    return `value-${i}-${seed}`;
  });
}

describe('flatRowMapper', () => {
  it("maps one table's rows exactly as drizzle's own mapper does (timestamps decoded, nulls kept)", () => {
    for (const table of [mailboxes, events]) {
      const fields = columnsOf(table);
      const rows = [0, 1, 2, 3, 4].map((seed) => driverRow(fields, seed));
      const mapped = flatRowMapper(fields)!(rows);
      expect(mapped).toEqual(rows.map((row) => mapResultRow(fields, row, undefined)));
      expect(mapped.some((row) => Object.values(row).some((v) => v instanceof Date))).toBe(true);
    }
  });

  it('decodes expressions with their own decoder (count, mapWith, aliases)', () => {
    const fields: SelectedField[] = [
      { path: ['n'], field: count() },
      { path: ['doubled'], field: sql<number>`2 * 1`.mapWith((v) => Number(v) * 2) },
      { path: ['named'], field: sql<string>`'x'`.as('named') },
    ];
    const rows = [
      ['41', '3', 'x'],
      [null, null, null],
    ];
    expect(flatRowMapper(fields)!(rows)).toEqual([
      { n: 41, doubled: 6, named: 'x' },
      { n: null, doubled: null, named: null },
    ]);
  });

  it('leaves nested selections (joined tables) to drizzle', () => {
    const nested: SelectedField[] = [{ path: ['mailbox', 'id'], field: mailboxes.id }];
    expect(flatRowMapper(nested)).toBeNull();
    const prepared = { fields: nested, customResultMapper: undefined as unknown };
    useFlatRowMapper(prepared);
    expect(prepared.customResultMapper).toBeUndefined();
    const flat = { fields: columnsOf(mailboxes), customResultMapper: undefined as unknown };
    useFlatRowMapper(flat);
    expect(typeof flat.customResultMapper).toBe('function');
  });
});
