import { copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { checkLinks, describeLinks } from './check-links.ts';
import { collectPages, isExternal, resolveLink, type SourcePage } from './collect-pages.ts';
import { createMarkdown } from './markdown.ts';
import { NAVIGATION } from './site-pages.ts';
import { pageHtml } from './template.ts';

/**
 * Renders the documentation as a static site in dist/docs-site (open dist/docs-site/index.html
 * or serve the folder): every page keeps its repository path with .html, so the markdown's
 * relative links work unchanged on GitHub and on the site. Fails on any broken link.
 */
const root = new URL('../..', import.meta.url).pathname;
const out = join(root, 'dist', 'docs-site');
const started = Date.now();

const pages = collectPages(root);
const broken = checkLinks(root, pages);
if (broken.length > 0) {
  for (const b of broken) console.error(`${b.page}:${b.line}: ${b.href} — ${b.reason}`);
  console.error(`docs: ${broken.length} broken links; nothing built`);
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
const markdown = createMarkdown();
const sitePaths = new Set(pages.map((p) => p.path));
const htmlPath = (path: string) => path.replace(/\.md$/, '.html');
const copied = new Set<string>();

function render(page: SourcePage): string {
  const rules = markdown.renderer.rules;
  rules.heading_open = (tokens, index, options, _env, self) => {
    const slug = page.slugs.get(index);
    if (slug) tokens[index]!.attrSet('id', slug);
    return self.renderToken(tokens, index, options);
  };
  rules.link_open = (tokens, index, options, _env, self) => {
    const token = tokens[index]!;
    const href = String(token.attrGet('href') ?? '');
    if (!isExternal(href)) {
      const { target } = resolveLink(page.path, href);
      if (target && sitePaths.has(target)) {
        token.attrSet('href', href.replace(/\.md(?=#|$)/, '.html'));
      } else if (target && statSync(join(root, target)).isFile()) {
        // Source files the docs point at (samples, schema) are published beside the pages.
        copied.add(target);
      }
    }
    return self.renderToken(tokens, index, options);
  };
  return markdown.renderer.render(page.tokens, markdown.options, {});
}

const listed = new Set(NAVIGATION.flatMap((s) => s.pages.map((p) => p.path)));
const navigation = [
  ...NAVIGATION.map((s) => ({ section: s.section, pages: s.pages.filter((p) => sitePaths.has(p.path)) })),
  {
    section: 'More',
    pages: pages.filter((p) => !listed.has(p.path)).map((p) => ({ path: p.path, title: p.title })),
  },
].filter((s) => s.pages.length > 0);

for (const page of pages) {
  const file = join(out, htmlPath(page.path));
  mkdirSync(dirname(file), { recursive: true });
  const base = relative(dirname(page.path), '.') || '.';
  writeFileSync(
    file,
    pageHtml({ title: page.title, body: render(page), navigation, current: page.path, base }),
  );
}
for (const path of copied) {
  mkdirSync(dirname(join(out, path)), { recursive: true });
  copyFileSync(join(root, path), join(out, path));
}
writeFileSync(
  join(out, 'index.html'),
  '<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=docs/README.html"><a href="docs/README.html">calsync documentation</a>\n',
);
console.log(
  `docs: ${pages.length} pages and ${copied.size} source files in ${relative(root, out)} (${Date.now() - started} ms); ${describeLinks(pages)} checked, none broken`,
);
