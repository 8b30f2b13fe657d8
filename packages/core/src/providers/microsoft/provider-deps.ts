import type { SecretBox } from '../../crypto/index.ts';
import type { Database } from '../../db/index.ts';
import type { CreateGraphClientFor } from './connector-graph-client.ts';
import type { TokenProvider } from './identity/token-provider.ts';

/** What the Microsoft provider needs from the process: the database, the key ring, tokens and Graph. */
export interface MicrosoftProviderDeps {
  db: Database;
  secretBox: SecretBox;
  tokenProvider: TokenProvider;
  createGraphClientFor: CreateGraphClientFor;
}
