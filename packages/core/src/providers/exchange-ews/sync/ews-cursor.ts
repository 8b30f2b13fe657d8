import { z } from 'zod';
import type { TimeWindow } from '../calendar-view-windows.ts';

/**
 * The opaque cursor of an EWS round (docs/exchange-ews.md §4.3), stored by the engine between pages:
 * - `baseline`: a full round first takes SyncFolderItems to the end, so later changes are seen next round;
 * - `view`: then reads the window sub-window by sub-window (`pending`), one page each;
 * - `delta`: between rounds, the folder's sync state: one SyncFolderItems says whether anything changed.
 */
const iso = z.iso.datetime();
const windowSchema = z.tuple([iso, iso]);

const cursorSchema = z.discriminatedUnion('phase', [
  z.object({
    v: z.literal(1),
    phase: z.literal('baseline'),
    window: windowSchema,
    syncState: z.string().nullable(),
  }),
  z.object({
    v: z.literal(1),
    phase: z.literal('view'),
    window: windowSchema,
    syncState: z.string(),
    pending: z.array(windowSchema).min(1),
  }),
  z.object({ v: z.literal(1), phase: z.literal('delta'), window: windowSchema, syncState: z.string() }),
]);

export type EwsCursor = z.infer<typeof cursorSchema>;
export type WindowTuple = z.infer<typeof windowSchema>;

export const toTuple = (w: TimeWindow): WindowTuple => [w.start.toISOString(), w.end.toISOString()];
export const fromTuple = ([start, end]: WindowTuple): TimeWindow => ({
  start: new Date(start),
  end: new Date(end),
});

export function encodeCursor(cursor: EwsCursor): string {
  return JSON.stringify(cursor);
}

/** The cursor, or undefined for one this provider did not write (the engine then runs a full round). */
export function decodeCursor(raw: string): EwsCursor | undefined {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
