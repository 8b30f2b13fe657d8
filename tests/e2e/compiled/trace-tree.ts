// Renders one received trace as an indented tree (service, span name, start offset and duration),
// so a run of the compiled suite can show a real trace: CALSYNC_TRACE_TREE=<file> writes it there.
import type { ReceivedSpan } from './otlp-receiver.ts';

const ms = (ns: bigint): string => `${(Number(ns) / 1e6).toFixed(1)} ms`;

/**
 * The subtree under `root`. Of the children named `onlyOne` (e.g. the many job spans of one
 * mutation) only the first is expanded; the others are counted. Consecutive siblings with the same
 * name and service fold into one line with their count, so a page of SQL stays readable.
 */
export function traceTree(spans: ReceivedSpan[], root: ReceivedSpan, onlyOne?: string): string {
  const childrenOf = (span: ReceivedSpan): ReceivedSpan[] =>
    spans
      .filter((s) => s.traceId === span.traceId && s.parentSpanId === span.spanId)
      .sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
  const lines: string[] = [];
  const leaf = (span: ReceivedSpan): boolean => childrenOf(span).length === 0;
  const render = (run: ReceivedSpan[], depth: number): void => {
    const span = run[0]!;
    const took = run.reduce((sum, s) => sum + (s.endNs - s.startNs), 0n);
    const folded = run.length > 1 ? ` ×${run.length} (total)` : '';
    lines.push(
      `${'  '.repeat(depth)}${span.name}${folded}  [${span.service}]  +${ms(span.startNs - root.startNs)}, ${ms(took)}`,
    );
    let children = childrenOf(span);
    if (onlyOne) {
      const repeated = children.filter((c) => c.name === onlyOne);
      children = children.filter((c) => c.name !== onlyOne || c === repeated[0]);
      if (repeated.length > 1)
        lines.push(`${'  '.repeat(depth + 1)}(${repeated.length - 1} more "${onlyOne}" spans not expanded)`);
    }
    for (let i = 0; i < children.length;) {
      const same = [children[i]!];
      while (
        leaf(same[0]!) &&
        i + same.length < children.length &&
        children[i + same.length]!.name === same[0]!.name &&
        children[i + same.length]!.service === same[0]!.service &&
        leaf(children[i + same.length]!)
      )
        same.push(children[i + same.length]!);
      render(same, depth + 1);
      i += same.length;
    }
  };
  render([root], 0);
  return lines.join('\n');
}
