/**
 * Helpers over fast-xml-parser output (namespace prefixes removed, attributes as `@_Name`, text as `#text`).
 * Request elements are untyped trees; these accessors keep the operation code free of casts.
 */
export type XmlNode = Record<string, unknown>;

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A leaf value as text (the parser keeps values as strings; numbers and booleans only if configured so). */
function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

/** The child element(s) named `name` as a list (a single child arrives as an object, several as an array). */
export function children(node: unknown, name: string): XmlNode[] {
  if (!isNode(node)) return [];
  const value = node[name];
  const list = Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value];
  return list.map((v) => (isNode(v) ? v : { '#text': scalar(v) }));
}

export function child(node: unknown, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** Text content of an element (or of the named child). */
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
