/** A minimal GraphQL-over-HTTP client, as any calsync user would write one. */
export function createGraphqlClient(url: string) {
  return async function graphql<T>(
    key: string,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as {
      data?: T;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    if (body.errors?.length) {
      const first = body.errors[0]!;
      const error = new Error(`${first.extensions?.code ?? 'ERROR'}: ${first.message}`) as Error & {
        code?: string;
      };
      if (first.extensions?.code) error.code = first.extensions.code;
      throw error;
    }
    if (!body.data) throw new Error(`GraphQL answered HTTP ${response.status} without data`);
    return body.data;
  };
}

export type GraphqlClient = ReturnType<typeof createGraphqlClient>;

export async function waitForReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become ready within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
