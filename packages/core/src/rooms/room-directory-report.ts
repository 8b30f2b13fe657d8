/**
 * What the last room directory run of a connector found (stored on the connector, returned by the
 * job): rooms are never deleted, so rooms that left the directory are listed as disabled.
 */
export interface RoomDirectoryReport {
  ok: boolean;
  finishedAt: string;
  /** Rooms and room lists the directory listed. */
  rooms: number;
  roomLists: number;
  /** Addresses added as mailboxes because they are in a room list of `autoAddRoomsFrom`. */
  added: string[];
  /** Addresses the directory listed before and no longer does: their mailboxes were disabled. */
  disabled: string[];
  /** Addresses missing before that the directory lists again: their mailboxes were enabled again. */
  restored: string[];
  /** Why the run failed (ok = false), or why nothing was disabled although rooms went missing. */
  detail: string | null;
}
