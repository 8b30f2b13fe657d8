import type { IResolvers } from 'mercurius';
import {
  createConnector,
  deleteConnector,
  findConnector,
  listConnectors,
  testConnector,
  updateConnector,
  type CreateConnectorInput,
  type UpdateConnectorInput,
} from '@calsync/core';

interface PageArgs {
  first: number;
  after?: string | null;
}

export const connectorResolvers: IResolvers = {
  Query: {
    connectors: (_root, args: PageArgs, { core, principal }) => listConnectors(core.db, principal, args),
    connector: (_root, args: { id: string }, { core, principal }) =>
      findConnector(core.db, principal, args.id),
  },
  Mutation: {
    createConnector: (_root, args: { input: CreateConnectorInput }, { core, principal }) =>
      createConnector(core, principal, args.input),
    updateConnector: (_root, args: { id: string; input: UpdateConnectorInput }, { core, principal }) =>
      updateConnector(core, principal, args.id, args.input),
    deleteConnector: (_root, args: { id: string }, { core, principal }) =>
      deleteConnector(core, principal, args.id),
    testConnector: (_root, args: { id: string }, { core, principal }) =>
      testConnector(core, principal, args.id),
  },
  // Connector.mailboxes is a batched loader (loaders/connectors.ts).
};
