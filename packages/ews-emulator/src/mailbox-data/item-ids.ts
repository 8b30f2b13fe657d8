import { createHash } from 'node:crypto';

/**
 * EWS item and folder ids embed the owner mailbox (so GetItem needs no address, "implicit access"):
 * here `AAMkAE` + base64(address NUL store id) — distinct from the Graph emulator's `AAMkAG` store ids, which
 * the control API also accepts. Clients must treat them as opaque.
 */
const ITEM_PREFIX = 'AAMkAE';
const FOLDER_PREFIX = 'AAMkF';

export interface DecodedItemId {
  mailbox: string;
  storeId: string;
}

export function encodeItemId(mailbox: string, storeId: string): string {
  return ITEM_PREFIX + Buffer.from(`${mailbox.toLowerCase()}\0${storeId}`, 'utf8').toString('base64');
}

export function decodeItemId(id: string): DecodedItemId | undefined {
  if (!id.startsWith(ITEM_PREFIX)) return undefined;
  const decoded = Buffer.from(id.slice(ITEM_PREFIX.length), 'base64').toString('utf8');
  const separator = decoded.indexOf('\0');
  if (separator <= 0 || separator === decoded.length - 1) return undefined;
  if (!decoded.slice(0, separator).includes('@')) return undefined;
  return { mailbox: decoded.slice(0, separator), storeId: decoded.slice(separator + 1) };
}

export function encodeFolderId(mailbox: string, folder: string): string {
  return FOLDER_PREFIX + Buffer.from(`${mailbox.toLowerCase()}\0${folder}`, 'utf8').toString('base64');
}

export function decodeFolderId(id: string): { mailbox: string; folder: string } | undefined {
  if (!id.startsWith(FOLDER_PREFIX)) return undefined;
  const decoded = Buffer.from(id.slice(FOLDER_PREFIX.length), 'base64').toString('utf8');
  const separator = decoded.indexOf('\0');
  if (separator <= 0) return undefined;
  return { mailbox: decoded.slice(0, separator), folder: decoded.slice(separator + 1) };
}

/** A ChangeKey-looking value (base64, `DwAAABYA…` style prefix) derived from a version string. */
export function makeChangeKey(version: string): string {
  return 'DwAAABYA' + createHash('sha1').update(version).digest('base64').slice(0, 20);
}
