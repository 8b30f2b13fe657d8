function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Lists where `actual` does not have the shape of `sample`: every key of the sample must exist in actual with the
 * same JSON type, recursively (arrays: the first element of each). `nullable` lists keys where either side may be null,
 * `skip` keys that the emulator legitimately omits. Returns an empty list when the shapes match.
 */
export function shapeDifferences(
  actual: unknown,
  sample: unknown,
  opts: { nullable?: string[]; skip?: string[] } = {},
  path = '$',
): string[] {
  const a = kind(actual);
  const s = kind(sample);
  const key = path.split('.').pop() ?? '';
  if (a !== s) {
    if ((a === 'null' || s === 'null') && opts.nullable?.includes(key)) return [];
    return [`${path}: expected ${s}, got ${a}`];
  }
  if (s === 'array') {
    const sa = sample as unknown[];
    const aa = actual as unknown[];
    if (sa.length === 0 || aa.length === 0) return [];
    return shapeDifferences(aa[0], sa[0], opts, `${path}[0]`);
  }
  if (s !== 'object') return [];
  const so = sample as Record<string, unknown>;
  const ao = actual as Record<string, unknown>;
  const out: string[] = [];
  for (const k of Object.keys(so)) {
    if (opts.skip?.includes(k)) continue;
    if (!(k in ao)) {
      out.push(`${path}.${k}: missing`);
      continue;
    }
    out.push(...shapeDifferences(ao[k], so[k], opts, `${path}.${k}`));
  }
  return out;
}
