import { AsyncLocalStorage } from 'node:async_hooks';

/** Correlation fields every log line carries while they are known (docs/operations.md, Logs). */
export interface LogFields {
  tenantId?: string;
  connectorId?: string;
  mailboxId?: string;
  jobId?: string;
  traceId?: string;
}

const storage = new AsyncLocalStorage<LogFields>();

/**
 * Runs `fn` with `fields` added to every log line written inside it, by any logger made by
 * createLogger, at any depth of the call (core code logs through core.logger and needs no
 * parameter for it). Nested contexts inherit the outer fields.
 */
export function withLogContext<T>(fields: LogFields, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

/** Adds fields learnt part-way (the API learns the tenant after authenticating the request). */
export function addLogContext(fields: LogFields): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

/** The fields of the current context (pino's mixin: merged into each line). */
export function currentLogFields(): LogFields {
  return storage.getStore() ?? {};
}
