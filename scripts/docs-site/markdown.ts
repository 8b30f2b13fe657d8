import GithubSlugger from 'github-slugger';
import markdownit, { type MarkdownIt, type Token } from 'markdown-it';

/** One markdown renderer for the site: GitHub-flavoured tables, raw HTML off, links as written. */
export function createMarkdown(): MarkdownIt {
  return markdownit({ html: false, linkify: false, typographer: false });
}

/** The heading anchors GitHub gives a document (the site uses the same, so links work in both). */
export function headingSlugs(tokens: Token[]): Map<number, string> {
  const slugger = new GithubSlugger();
  const slugs = new Map<number, string>();
  tokens.forEach((token, index) => {
    if (token.type !== 'heading_open') return;
    const inline = tokens[index + 1];
    const text = (inline?.children ?? [])
      .filter((child) => child.type === 'text' || child.type === 'code_inline')
      .map((child) => child.content)
      .join('');
    slugs.set(index, slugger.slug(text));
  });
  return slugs;
}

/** Every link target in a document, with the line it is on. */
export function linksOf(tokens: Token[]): { href: string; line: number }[] {
  const links: { href: string; line: number }[] = [];
  for (const token of tokens) {
    if (token.type !== 'inline') continue;
    for (const child of token.children ?? []) {
      const href = child.type === 'link_open' ? child.attrGet('href') : null;
      if (href) links.push({ href: String(href), line: (token.map?.[0] ?? 0) + 1 });
    }
  }
  return links;
}
