import type { RequestContext } from '../http/types.ts';
import { parsePrefer } from './odata.ts';

/** `Prefer: outlook.body-content-type="text"`: Graph converts HTML bodies to text and says so (docs/microsoft-graph.md §2.2). */
export function wantsTextBody(ctx: RequestContext): boolean {
  return parsePrefer(ctx.req.headers.prefer).get('outlook.body-content-type')?.toLowerCase() === 'text';
}

export const TEXT_BODY_APPLIED = 'outlook.body-content-type="text"';

/** Returns the event with an HTML body turned into plain text; other items are returned as they are. */
export function toTextBody<T extends Record<string, unknown>>(item: T): T {
  const body = item.body as { contentType?: unknown; content?: unknown } | undefined;
  if (!body || body.contentType !== 'html' || typeof body.content !== 'string') return item;
  return { ...item, body: { contentType: 'text', content: htmlToText(body.content) } };
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\r\n')
    .replace(/<\/(p|div|li|tr)>/gi, '\r\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}
