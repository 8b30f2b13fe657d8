import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
});

export function parseXml(xml: string): Record<string, unknown> {
  return parser.parse(xml) as Record<string, unknown>;
}

export { readEwsSample as readSample } from './samples.ts';

/** Every element/attribute path of a document (list indexes dropped), e.g. `Envelope.Body.Fault.detail.ResponseCode`. */
export function xmlPaths(xml: string, ignore: RegExp = /^Envelope\.Header|xmlns/): Set<string> {
  const paths = new Set<string>();
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, path));
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === '?xml' || key === '#text') continue;
      const next = path === '' ? key : `${path}.${key}`;
      if (ignore.test(next)) continue;
      paths.add(next);
      walk(value, next);
    }
  };
  walk(parseXml(xml), '');
  return paths;
}

/** Paths the sample has and the emulator's response lacks: the shape differences a real client would trip on. */
export function missingPaths(sample: string, actual: string, ignore?: RegExp): string[] {
  const have = xmlPaths(actual, ignore);
  return [...xmlPaths(sample, ignore)].filter((p) => !have.has(p));
}
