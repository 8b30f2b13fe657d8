import { pino, type DestinationStream, type Logger } from 'pino';
import { currentLogFields } from './log-context.ts';

export type { Logger } from 'pino';

const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'cookie',
  'clientSecret',
  'client_secret',
  'secret',
  'apiKeySecret',
  'privateKey',
  'privateKeyPem',
  'accessToken',
  'access_token',
  'refreshToken',
  'token',
  'password',
  'credential',
  'credentialCiphertext',
  'client_assertion',
  'clientAssertion',
];

/**
 * Every place a secret can hide in a log object: top level, one and two levels deep, and
 * request/response headers. pino's redaction is path-based (fast-redact), so paths are explicit.
 */
export const REDACT_PATHS: string[] = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'request.headers.authorization',
  'headers.authorization',
  'res.headers["set-cookie"]',
  'variables.input.clientSecret',
  'variables.input.certificate.privateKeyPem',
  'variables.input.exchangeOnPrem.password',
];

export interface LoggerOptions {
  level: string;
  name?: string;
  /** Tests pass a stream to inspect what would have been written. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'calsync',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
      // tenantId, connectorId, mailboxId, jobId, traceId of the job or request being served.
      mixin: currentLogFields,
    },
    options.destination,
  );
}
