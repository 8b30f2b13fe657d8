import type { IResolvers } from 'mercurius';
import {
  findRooms,
  listRoomLists,
  requestRoomDirectoryRefresh,
  type ConnectorView,
  type FindRoomsArgs,
} from '@calsync/core';
import { resolveMailboxRoom } from '../loaders/rooms.ts';

export const roomResolvers: IResolvers = {
  Query: {
    roomLists: (_root, args: { connectorId: string }, { core, principal }) =>
      listRoomLists(core, principal, args.connectorId),
    findRooms: (_root, args: FindRoomsArgs, { core, principal }) => findRooms(core, principal, args),
  },
  Mutation: {
    refreshRoomDirectory: (_root, args: { connectorId: string }, { core, principal }) =>
      requestRoomDirectoryRefresh(core, principal, args.connectorId),
  },
  Mailbox: { room: resolveMailboxRoom },
  Connector: { roomDirectory: (connector: ConnectorView) => connector.roomDirectoryReport },
};
