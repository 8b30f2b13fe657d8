export { createConnector } from './create-connector.ts';
export { updateConnector } from './update-connector.ts';
export { deleteConnector } from './delete-connector.ts';
export { findConnector, findConnectorsByIds, listConnectors } from './connector-queries.ts';
export { sealCredential } from './connector-credential.ts';
export { toConnectorView } from './connector-view.ts';
export type { ConnectorView } from './connector-view.ts';
export type {
  CertificateInput,
  CreateConnectorInput,
  SyncWindowInput,
  UpdateConnectorInput,
} from './connector-input.ts';
export { createGraphClientFactory } from '../providers/microsoft/connector-graph-client.ts';
export type {
  CreateGraphClientFor,
  ConnectorGraphClientOptions,
} from '../providers/microsoft/connector-graph-client.ts';
export { withDeadline, DeadlineExceededError } from './with-deadline.ts';
export { listMailboxesOfConnectors } from './list-connector-mailboxes.ts';
export type { ConnectorMailboxesRequest } from './list-connector-mailboxes.ts';
