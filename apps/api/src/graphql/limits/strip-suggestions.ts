// graphql-js appends "Did you mean …?" to validation messages, which lets a client map a
// schema whose introspection is disabled one guess at a time.
const SUGGESTION = /\s*Did you mean [^?]*\?$/;

export function stripSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}
