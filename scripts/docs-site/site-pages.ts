/**
 * The documentation site's navigation: sections in reading order. Every markdown file under
 * docs/ that is not listed here still becomes a page (under "More"), and so does every markdown
 * file a page links to, so a new document is never left out of the site.
 */
export const NAVIGATION: { section: string; pages: { path: string; title: string }[] }[] = [
  {
    section: 'Start',
    pages: [
      { path: 'docs/README.md', title: 'Overview' },
      { path: 'docs/quick-start.md', title: 'Quick start' },
      { path: 'README.md', title: 'Project README' },
    ],
  },
  {
    section: 'Set-up guides',
    pages: [
      { path: 'docs/setup-microsoft-365.md', title: 'Microsoft 365' },
      { path: 'docs/setup-exchange-on-premises.md', title: 'Exchange Server on premises' },
    ],
  },
  {
    section: 'Using calsync',
    pages: [
      { path: 'docs/graphql-guide.md', title: 'GraphQL guide' },
      { path: 'docs/board.md', title: 'Room board' },
      { path: 'docs/cli.md', title: 'CLI' },
      { path: 'docs/cli-reference.md', title: 'CLI reference' },
      { path: 'docs/client-sdk.md', title: 'TypeScript client' },
    ],
  },
  {
    section: 'Running calsync',
    pages: [
      { path: 'docs/operations.md', title: 'Operations' },
      { path: 'docs/resilience.md', title: 'Resilience' },
    ],
  },
  {
    section: 'Design',
    pages: [
      { path: 'docs/architecture.md', title: 'Architecture' },
      { path: 'docs/microsoft-graph.md', title: 'Microsoft Graph behaviours' },
      { path: 'docs/exchange-ews.md', title: 'Exchange Web Services behaviours' },
    ],
  },
];
