import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import type { Token } from 'markdown-it';
import { createMarkdown, headingSlugs, linksOf } from './markdown.ts';
import { NAVIGATION } from './site-pages.ts';

export interface SourcePage {
  /** Repository-relative path, e.g. docs/architecture.md. */
  path: string;
  title: string;
  tokens: Token[];
  slugs: Map<number, string>;
}

const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

/** Splits a link into its repository-relative target path (null for same-page) and anchor. */
export function resolveLink(
  fromPath: string,
  href: string,
): { target: string | null; anchor: string | null } {
  const [pathPart = '', anchor = null] = href.split('#', 2) as [string, string?];
  const target = pathPart === '' ? null : normalize(join(dirname(fromPath), decodeURI(pathPart)));
  return { target, anchor: anchor ?? null };
}

export function isExternal(href: string): boolean {
  return EXTERNAL.test(href);
}

function titleOf(tokens: Token[], fallback: string): string {
  const index = tokens.findIndex((t) => t.type === 'heading_open' && t.tag === 'h1');
  return index >= 0 ? (tokens[index + 1]?.content ?? fallback) : fallback;
}

/**
 * The site's pages: the navigation's, every docs/*.md, and every markdown file they link to,
 * transitively. Navigation entries whose file does not exist are skipped.
 */
export function collectPages(root: string): SourcePage[] {
  const markdown = createMarkdown();
  const queue = [
    ...NAVIGATION.flatMap((s) => s.pages.map((p) => p.path)),
    ...readdirSync(join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const pages = new Map<string, SourcePage>();
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (pages.has(path) || !existsSync(join(root, path))) continue;
    const tokens = markdown.parse(readFileSync(join(root, path), 'utf8'), {});
    const listed = NAVIGATION.flatMap((s) => s.pages).find((p) => p.path === path);
    pages.set(path, {
      path,
      title: listed?.title ?? titleOf(tokens, path),
      tokens,
      slugs: headingSlugs(tokens),
    });
    for (const { href } of linksOf(tokens)) {
      if (isExternal(href)) continue;
      const { target } = resolveLink(path, href);
      if (target?.endsWith('.md') && !relative(root, join(root, target)).startsWith('..')) queue.push(target);
    }
  }
  return [...pages.values()];
}
