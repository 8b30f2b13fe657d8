/**
 * graphql-js repeats the offending input in coercion and validation messages, e.g.
 * `Variable "$input" got invalid value { clientSecret: "…", bogus: 1 }; Field "bogus" is not defined…`
 * or `Int cannot represent non-integer value: "…"`. Those values can be secrets (a client secret,
 * a private key), so messages keep the variable, the path and the reason, never the value.
 */
const REASONS: RegExp[] = [
  /Field "[^"]+" is not defined by type "[^"]+"\./,
  /Field "[^"]+" of required type "[^"]+" was not provided\./,
  /Expected non-nullable type "[^"]+" not to be null\./,
  /\w+ cannot represent [\w\s-]*value/,
  /Value "[^"]*" does not exist in "[^"]+" enum\./,
  /Expected type "[^"]+" to be an object\./,
];

export function redactInputEcho(message: string): string {
  const variable = /^(Variable "\$[^"]+") got invalid value /.exec(message);
  if (variable) {
    const path = / at "([\w.[\]]+)"; /.exec(message)?.[1];
    const reason = REASONS.map((r) => r.exec(message)?.[0]).find(Boolean) ?? 'it does not match its type.';
    return `${variable[1]} has an invalid value${path ? ` at "${path}"` : ''}; ${withStop(reason.replace(/^Value "[^"]*"/, 'Value'))}`;
  }
  return message
    .replace(/(Expected value of type "[^"]+"), found [\s\S]*$/, '$1.')
    .replace(/^(\w+ cannot represent [\w\s-]*value): [\s\S]*$/, '$1.');
}

const withStop = (text: string): string => (text.endsWith('.') ? text : `${text}.`);
