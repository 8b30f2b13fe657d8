import { inSpan, SpanKind, type GraphFetch } from '@calsync/core';

/**
 * Wraps the Graph fetch so each request is a client span (`GET graph.microsoft.com`), child of the
 * job's span. Only the method, host and path are recorded: query strings carry delta and skip
 * tokens. Used only when tracing is on (main.ts).
 */
export function traceGraphFetch(base: GraphFetch): GraphFetch {
  return (input, init) => {
    const url = new URL(input);
    const method = init.method;
    const attributes = {
      'http.request.method': method,
      'server.address': url.hostname,
      'url.path': url.pathname,
    };
    return inSpan(`${method} ${url.hostname}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      const response = await base(input, init);
      span.setAttribute('http.response.status_code', response.status);
      return response;
    });
  };
}
