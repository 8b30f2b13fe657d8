const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True when `value` has the shape of a UUID (row ids, and Entra's directory and application ids).
 * An id that is not one names nothing, and must never reach a uuid cast in SQL.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
