export interface Connection<TNode> {
  nodes: readonly TNode[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Walks a cursor connection page by page, yielding nodes; the next page is fetched only when the
 * consumer asks for more, so `break` stops the requests.
 */
export async function* paginateConnection<TNode>(
  fetchPage: (after: string | undefined) => Promise<Connection<TNode>>,
): AsyncGenerator<TNode, void, undefined> {
  let after: string | undefined;
  for (;;) {
    const page = await fetchPage(after);
    yield* page.nodes;
    if (!page.pageInfo.hasNextPage || page.pageInfo.endCursor === null) return;
    after = page.pageInfo.endCursor;
  }
}
