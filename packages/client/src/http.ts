import { CalsyncError, type GraphQLErrorShape } from './errors.ts';
import type { TypedDocument } from './document.ts';

export interface HttpTransportOptions {
  /** The API's base URL, e.g. https://calsync.example.com (the GraphQL path is /graphql). */
  url: string;
  apiKey?: string | undefined;
  fetch?: typeof fetch;
  /** Extra headers on every request (e.g. a correlation id). */
  headers?: Record<string, string>;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

export function graphqlEndpoint(baseUrl: string): string {
  return new URL('graphql', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}

/** Runs one operation over HTTP POST; any GraphQL error becomes a CalsyncError (no partial data). */
export async function executeHttp<TResult, TVariables>(
  options: HttpTransportOptions,
  document: TypedDocument<TResult, TVariables>,
  variables: TVariables | undefined,
): Promise<TResult> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(graphqlEndpoint(options.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
  } catch (error) {
    const reason =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
    throw new CalsyncError('NETWORK', `Cannot reach ${options.url}${reason ? `: ${reason}` : ''}`);
  }
  let body: GraphQLResponse<TResult>;
  try {
    body = (await response.json()) as GraphQLResponse<TResult>;
  } catch {
    throw new CalsyncError(
      'UNEXPECTED_RESPONSE',
      `${options.url} answered HTTP ${response.status} without a GraphQL body`,
      [],
      response.status,
    );
  }
  if (body.errors && body.errors.length > 0)
    throw CalsyncError.fromGraphQLErrors(body.errors, response.status);
  if (body.data === undefined || body.data === null) {
    throw new CalsyncError('UNEXPECTED_RESPONSE', 'The API answered without data', [], response.status);
  }
  return body.data;
}
