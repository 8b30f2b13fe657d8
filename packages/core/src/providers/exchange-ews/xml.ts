import { XMLParser } from 'fast-xml-parser';

/**
 * EWS XML as plain trees. Namespaces are dropped (responses use `s:`/`m:`/`t:` prefixes, Microsoft's older
 * samples default namespaces: parse by local name, never by prefix), values stay strings (a Subject "2024" is
 * text), and lists that may hold a single element are always arrays. docs/exchange-ews.md §8.
 */
const ALWAYS_LISTS = new Set([
  'CalendarItem',
  'Attendee',
  'Create',
  'Update',
  'Delete',
  'ReadFlagChange',
  'FindItemResponseMessage',
  'GetItemResponseMessage',
  'GetFolderResponseMessage',
  'SyncFolderItemsResponseMessage',
  'ResolveNamesResponseMessage',
  'Resolution',
  'Address',
  'Room',
  'String',
  'Value',
  'ExtendedProperty',
  'CalendarFolder',
  'Folder',
]);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ALWAYS_LISTS.has(name),
  // The callbacks decide by name alone: without this the parser renders every element's path as a string for
  // them, a sixth of a GetItem parse in the worker's CPU profile (docs/exchange-ews.md §8).
  jPath: false,
});

export type XmlNode = Record<string, unknown>;

/** Parses a document; throws on malformed XML (the caller classifies that as a transport fault). */
export function parseXml(xml: string): XmlNode {
  return parser.parse(xml, true) as XmlNode;
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

/** Child elements named `name`, as a list whatever the parser made of them. */
export function children(node: unknown, name: string): XmlNode[] {
  if (!isNode(node)) return [];
  const value = node[name];
  const list = Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value];
  return list.map((v) => (isNode(v) ? v : { '#text': scalar(v) }));
}

export function child(node: unknown, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** Text of the named child (or of the node itself); undefined when absent, '' when empty. */
export function text(node: unknown, name?: string): string | undefined {
  const target = name === undefined ? node : isNode(node) ? node[name] : undefined;
  if (target === undefined || target === null) return undefined;
  if (Array.isArray(target)) return text(target[0]);
  if (isNode(target)) return scalar(target['#text']);
  return scalar(target);
}

export function attr(node: unknown, name: string): string | undefined {
  if (!isNode(node)) return undefined;
  const value = node[`@_${name}`];
  return value === undefined ? undefined : scalar(value);
}

/** Escapes text for an XML element or a double-quoted attribute. */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
