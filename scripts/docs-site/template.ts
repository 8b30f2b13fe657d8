const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE = `
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;display:flex}
nav{width:16rem;flex:none;padding:1.5rem 1rem;background:#f6f8fa;min-height:100vh;box-sizing:border-box;font-size:.92rem}
nav h2{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:#59636e;margin:1.2rem 0 .3rem}
nav a{display:block;padding:.15rem .4rem;color:#1f2328;text-decoration:none;border-radius:4px}
nav a[aria-current]{background:#ddf4ff;font-weight:600}
main{max-width:52rem;padding:1.5rem 2.5rem;min-width:0}
pre{background:#f6f8fa;padding:.8rem;overflow:auto;border-radius:6px}
code{font:.88em ui-monospace,SFMono-Regular,Menlo,monospace}
table{border-collapse:collapse;display:block;overflow:auto}th,td{border:1px solid #d1d9e0;padding:.3rem .6rem}
a{color:#0969da}
@media (max-width:50rem){body{display:block}nav{width:auto;min-height:0}}
`;

export function pageHtml(o: {
  title: string;
  body: string;
  navigation: { section: string; pages: { path: string; title: string }[] }[];
  current: string;
  base: string;
}): string {
  const nav = o.navigation
    .map(
      (s) =>
        `<h2>${escapeHtml(s.section)}</h2>` +
        s.pages
          .map((p) => {
            const href = `${o.base}/${p.path.replace(/\.md$/, '.html')}`;
            const current = p.path === o.current ? ' aria-current="page"' : '';
            return `<a href="${escapeHtml(href)}"${current}>${escapeHtml(p.title)}</a>`;
          })
          .join(''),
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)} — calsync</title>
<style>${STYLE}</style>
</head>
<body>
<nav aria-label="Documentation"><strong>calsync</strong>${nav}</nav>
<main>
${o.body}
</main>
</body>
</html>
`;
}
