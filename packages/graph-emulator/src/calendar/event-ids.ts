/** Deterministic Graph-like identifiers. Stored ids carry mailbox hash + sequence; occurrence ids add the day. */

const ID_PREFIX = 'AAMkAG';
/** Immutable ids look different from regular ones, as Outlook's do (outlook-immutable-id). */
const IMMUTABLE_PREFIX = 'AAkALg';
const KIND_STORED = 1;
const KIND_OCCURRENCE = 2;
const KIND_IMMUTABLE_STORED = 3;
const KIND_IMMUTABLE_OCCURRENCE = 4;

function toGraphBase64(buffer: Buffer): string {
  // Graph ids use the URL-safe alphabet but keep '=' padding (AAMk…AAA=).
  return buffer.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** FNV-1a 32-bit with a seed: cheap, deterministic, good enough to make ids look distinct. */
function fnv1a(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function mailboxHash(mailboxId: string): Buffer {
  const buffer = Buffer.alloc(12);
  for (let i = 0; i < 3; i++) buffer.writeUInt32BE(fnv1a(mailboxId, i * 0x9e3779b1), i * 4);
  return buffer;
}

function hexHash(text: string): string {
  let hex = '';
  for (let i = 0; i < 4; i++)
    hex += fnv1a(text, i * 0x85ebca6b)
      .toString(16)
      .padStart(8, '0');
  return hex.toUpperCase();
}

function idBuffer(kind: number, mailboxId: string, seq: number, day: number): Buffer {
  const buffer = Buffer.alloc(32);
  buffer.writeUInt8(kind, 0);
  mailboxHash(mailboxId).copy(buffer, 1);
  buffer.writeUInt32BE(seq, 13);
  buffer.writeInt32BE(day, 17);
  buffer.write('AAAAAAAAAAA', 21, 'latin1');
  return buffer;
}

/** Id of a stored event (single or series master). */
export function makeEventId(mailboxId: string, seq: number): string {
  return ID_PREFIX + toGraphBase64(idBuffer(KIND_STORED, mailboxId, seq, 0));
}

/** Id of an occurrence: derived from the master and the occurrence's original day, stable across calls. */
export function makeOccurrenceId(mailboxId: string, masterSeq: number, day: number): string {
  return ID_PREFIX + toGraphBase64(idBuffer(KIND_OCCURRENCE, mailboxId, masterSeq, day));
}

/** What an occurrence id points at; undefined for stored ids and foreign strings. */
export function parseOccurrenceId(id: string): { masterSeq: number; day: number } | undefined {
  if (!id.startsWith(ID_PREFIX)) return undefined;
  const buffer = Buffer.from(id.slice(ID_PREFIX.length).replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (buffer.length !== 32 || buffer.readUInt8(0) !== KIND_OCCURRENCE) return undefined;
  return { masterSeq: buffer.readUInt32BE(13), day: buffer.readInt32BE(17) };
}

/** What any of our event ids encodes; undefined for foreign strings. */
export function parseEventId(
  id: string,
): { immutable: boolean; occurrence: boolean; seq: number; day: number } | undefined {
  const prefix = id.startsWith(ID_PREFIX)
    ? ID_PREFIX
    : id.startsWith(IMMUTABLE_PREFIX)
      ? IMMUTABLE_PREFIX
      : '';
  if (prefix === '') return undefined;
  const buffer = Buffer.from(id.slice(prefix.length).replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (buffer.length !== 32) return undefined;
  const kind = buffer.readUInt8(0);
  const immutable = kind === KIND_IMMUTABLE_STORED || kind === KIND_IMMUTABLE_OCCURRENCE;
  if (immutable !== (prefix === IMMUTABLE_PREFIX) || kind < KIND_STORED || kind > KIND_IMMUTABLE_OCCURRENCE)
    return undefined;
  return {
    immutable,
    occurrence: kind === KIND_OCCURRENCE || kind === KIND_IMMUTABLE_OCCURRENCE,
    seq: buffer.readUInt32BE(13),
    day: buffer.readInt32BE(17),
  };
}

/** Immutable id of a stored event (origin = its first sequence number) or of one of its occurrences. */
export function makeImmutableId(mailboxId: string, originSeq: number, day: number | undefined): string {
  const kind = day === undefined ? KIND_IMMUTABLE_STORED : KIND_IMMUTABLE_OCCURRENCE;
  return IMMUTABLE_PREFIX + toGraphBase64(idBuffer(kind, mailboxId, originSeq, day ?? 0));
}

/** Hex iCalUId in Outlook's GlobalObjectId layout; occurrences carry their date in bytes 16–19. */
export function makeICalUId(mailboxId: string, seq: number, day?: number): string {
  const tail = hexHash(`${mailboxId}#${seq}`);
  let instance = '00000000';
  if (day !== undefined) {
    const date = new Date(day * 86_400_000);
    const year = date.getUTCFullYear().toString(16).padStart(4, '0');
    const month = (date.getUTCMonth() + 1).toString(16).padStart(2, '0');
    const dom = date.getUTCDate().toString(16).padStart(2, '0');
    instance = `${year}${month}${dom}`.toUpperCase();
  }
  return `040000008200E00074C5B7101A82E008${instance}B23663002F0AD301000000000000000010000000${tail}`;
}

/** changeKey for the n-th modification in the store (unique per modification, Graph-like base64). */
export function makeChangeKey(modification: number): string {
  const buffer = Buffer.alloc(16);
  buffer.write('calsyncemu', 0, 'latin1');
  buffer.writeUInt32BE(0, 10);
  buffer.writeUInt16BE(Math.floor(modification / 0x1_0000_0000), 10);
  buffer.writeUInt32BE(modification >>> 0, 12);
  return buffer.toString('base64');
}
