import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * SyncFolderItems state: what the client has seen (stored item id → change key) for one folder. Like
 * Exchange's, it is an opaque gzip+base64 blob the client stores verbatim (it starts with `H4sI`); the
 * server keeps nothing, so a state survives restarts, and a damaged or foreign one is
 * ErrorInvalidSyncStateData.
 */
export interface SyncSnapshot {
  folderKey: string;
  items: Map<string, string>;
}

export function encodeSyncState(snapshot: SyncSnapshot): string {
  const json = JSON.stringify({ f: snapshot.folderKey, i: [...snapshot.items] });
  return gzipSync(Buffer.from(json, 'utf8'), { level: 6 }).toString('base64');
}

export function decodeSyncState(state: string, folderKey: string): SyncSnapshot | undefined {
  try {
    const json = JSON.parse(gunzipSync(Buffer.from(state, 'base64')).toString('utf8')) as unknown;
    if (typeof json !== 'object' || json === null) return undefined;
    const { f, i } = json as { f?: unknown; i?: unknown };
    if (f !== folderKey || !Array.isArray(i)) return undefined;
    const items = new Map<string, string>();
    for (const entry of i as unknown[]) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string')
        return undefined;
      items.set(entry[0], entry[1]);
    }
    return { folderKey, items };
  } catch {
    return undefined;
  }
}

export type SyncChange =
  { kind: 'Create' | 'Update'; storedId: string; changeKey: string } | { kind: 'Delete'; storedId: string };

/**
 * Changes between what the client saw and the folder now, at most `max` of them; the returned snapshot
 * includes exactly the changes returned, so the next call continues where this one stopped.
 */
export function diffFolder(
  seen: Map<string, string>,
  current: Map<string, string>,
  max: number,
): { changes: SyncChange[]; next: Map<string, string>; complete: boolean } {
  const all: SyncChange[] = [];
  for (const [storedId, changeKey] of current) {
    const before = seen.get(storedId);
    if (before === undefined) all.push({ kind: 'Create', storedId, changeKey });
    else if (before !== changeKey) all.push({ kind: 'Update', storedId, changeKey });
  }
  for (const storedId of seen.keys()) if (!current.has(storedId)) all.push({ kind: 'Delete', storedId });
  const changes = all.slice(0, max);
  const next = new Map(seen);
  for (const change of changes) {
    if (change.kind === 'Delete') next.delete(change.storedId);
    else next.set(change.storedId, change.changeKey);
  }
  return { changes, next, complete: changes.length === all.length };
}
