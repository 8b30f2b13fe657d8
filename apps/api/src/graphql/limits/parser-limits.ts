import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import { tooComplex } from './query-shape.ts';

/**
 * Tokens per document, enforced by graphql's parser so a huge document is refused while it
 * is read, before validation (whose cost grows with the document). The standard
 * introspection query is about 200 tokens; a large hand-written query a few hundred.
 */
export const MAX_TOKENS = 5_000;

/** Directives per document: each one is validated (and reported) on its own. */
export const MAX_DIRECTIVES = 50;

// graphql-js' wording (including its typo), the same string mercurius matches.
const TOKEN_LIMIT = /^Syntax Error: Document contains more that (\d+) tokens\. Parsing aborted\.$/;

/** The parser's token-limit error as QUERY_TOO_COMPLEX, or null for any other error. */
export function tokenLimitError(error: GraphQLError): GraphQLError | null {
  const match = TOKEN_LIMIT.exec(error.message);
  if (!match) return null;
  return tooComplex(`the document holds more than ${match[1]} tokens`, { limit: Number(match[1]) });
}

/**
 * Runs before validation. mercurius falls back to JSON.parse when the parser fails, so a
 * client could send a JSON-encoded AST that the token limit never saw: only documents
 * parsed from GraphQL text (they carry their source) are accepted.
 */
export function checkParsedDocument(document: DocumentNode): GraphQLError | null {
  const loc = document.loc as { source?: { body?: unknown } } | undefined;
  if (typeof loc?.source?.body !== 'string') {
    return new GraphQLError('the query must be GraphQL text', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  let directives = 0;
  visit(document, {
    [Kind.DIRECTIVE]() {
      directives++;
    },
  });
  if (directives > MAX_DIRECTIVES) {
    return tooComplex(`a document may use at most ${MAX_DIRECTIVES} directives`, { limit: MAX_DIRECTIVES });
  }
  return null;
}
