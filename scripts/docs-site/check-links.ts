import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { collectPages, isExternal, resolveLink, type SourcePage } from './collect-pages.ts';
import { linksOf } from './markdown.ts';

export interface BrokenLink {
  page: string;
  line: number;
  href: string;
  reason: string;
}

/**
 * Every link of every site page: relative targets must exist inside the repository and anchors
 * must name a heading of their page. External links are only checked for a scheme a reader can
 * follow (this machine has no internet; a dead external site is not a build failure).
 */
export function checkLinks(root: string, pages: SourcePage[] = collectPages(root)): BrokenLink[] {
  const byPath = new Map(pages.map((p) => [p.path, p]));
  const broken: BrokenLink[] = [];
  for (const page of pages) {
    for (const { href, line } of linksOf(page.tokens)) {
      const report = (reason: string) => broken.push({ page: page.path, line, href, reason });
      if (isExternal(href)) {
        if (!/^(https?|mailto):/i.test(href)) report('unsupported scheme');
        continue;
      }
      const { target, anchor } = resolveLink(page.path, href);
      const targetPath = target ?? page.path;
      if (relative(root, join(root, targetPath)).startsWith('..')) {
        report('points outside the repository');
        continue;
      }
      if (!existsSync(join(root, targetPath))) {
        report('no such file');
        continue;
      }
      const targetPage = byPath.get(targetPath);
      if (anchor && targetPage && ![...targetPage.slugs.values()].includes(anchor)) {
        report(`no heading #${anchor} in ${targetPath}`);
      }
    }
  }
  return broken;
}

/** How many links the pages hold: relative ones (file and anchor checked) and external ones (scheme only). */
export function countLinks(pages: SourcePage[]): { relative: number; external: number } {
  const hrefs = pages.flatMap((page) => linksOf(page.tokens).map((link) => link.href));
  const external = hrefs.filter(isExternal).length;
  return { relative: hrefs.length - external, external };
}

/** The link figures the check and the build print. */
export function describeLinks(pages: SourcePage[]): string {
  const { relative: internal, external } = countLinks(pages);
  return `${internal} relative links (files and anchors) and ${external} external ones (scheme only)`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('../..', import.meta.url).pathname;
  const pages = collectPages(root);
  const broken = checkLinks(root, pages);
  for (const b of broken) console.error(`${b.page}:${b.line}: ${b.href} — ${b.reason}`);
  console.log(`docs: ${pages.length} pages, ${describeLinks(pages)} checked, ${broken.length} broken`);
  process.exit(broken.length > 0 ? 1 : 0);
}
