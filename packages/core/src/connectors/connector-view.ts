import type { ConnectorRow } from '../db/index.ts';

/** A connector as clients see it: everything but the ciphertext and its version. */
export type ConnectorView = Omit<ConnectorRow, 'credentialCiphertext' | 'credentialVersion'> & {
  syncWindow: { pastDays: number; futureDays: number };
};

export function toConnectorView(row: ConnectorRow): ConnectorView {
  // Destructured away so no code path can hand the ciphertext to a response by accident.
  const { credentialCiphertext: _c, credentialVersion: _v, ...rest } = row;
  return { ...rest, syncWindow: { pastDays: row.syncPastDays, futureDays: row.syncFutureDays } };
}
