// What each connector kind takes from createConnector/updateConnector input: one entry per kind, so a
// new kind is a new entry here (beside its settings schema in connector-settings.ts), not a new
// branch in each mutation.
import type { NewCredential } from '../connectors/connector-credential.ts';
import type { CreateConnectorInput, UpdateConnectorInput } from '../connectors/connector-input.ts';
import {
  pickCredential,
  validateAzureTenantId,
  validateClientId,
} from '../connectors/validate-connector-input.ts';
import {
  validateExchangeOnPremSettings,
  validateMonitorPassword,
} from '../connectors/validate-exchange-onprem-input.ts';
import type { ConnectorKind } from '../db/schema/enums.ts';
import { badInput } from '../errors/index.ts';
import { parseConnectorSettings, type ConnectorSettings } from './connector-settings.ts';

/** A connector's settings and credential as a mutation leaves them (null: the credential stays). */
export interface BackEndPatch {
  nextSettings: ConnectorSettings;
  credential: NewCredential | null;
}

interface KindInput<Valid> {
  /** createConnector: the kind's settings and its one credential; the other kind's fields refused by name. */
  create(input: CreateConnectorInput): { settings: ConnectorSettings; credential: NewCredential };
  /**
   * updateConnector, before the connector is read: the kind's new values, validated. Every kind's
   * runs (the connector's kind is not known yet), so bad input is BAD_USER_INPUT before NOT_FOUND.
   */
  validateUpdate(input: UpdateConnectorInput): Valid;
  /** updateConnector, once the connector is read: the other kind's fields refused, the next settings. */
  patch(currentSettings: unknown, input: UpdateConnectorInput, valid: Valid): BackEndPatch;
}

interface MicrosoftUpdate {
  azureTenantId: string | undefined;
  clientId: string | undefined;
  credential: NewCredential | null;
}

const microsoftInput: KindInput<MicrosoftUpdate> = {
  create(input) {
    if (input.exchangeOnPrem != null)
      throw badInput('exchangeOnPrem', 'is for EXCHANGE_ONPREM connectors: set kind: EXCHANGE_ONPREM');
    if (input.azureTenantId == null) throw badInput('azureTenantId', 'is required');
    if (input.clientId == null) throw badInput('clientId', 'is required');
    const azureTenantId = validateAzureTenantId(input.azureTenantId);
    const clientId = validateClientId(input.clientId);
    const credential = pickCredential(input, true);
    if (!credential) throw new Error('unreachable: a required credential was not returned');
    return {
      settings: parseConnectorSettings('MICROSOFT_GRAPH', {
        cloud: input.cloud ?? 'GLOBAL',
        azureTenantId,
        clientId,
      }),
      credential,
    };
  },
  validateUpdate: (input) => ({
    azureTenantId: input.azureTenantId != null ? validateAzureTenantId(input.azureTenantId) : undefined,
    clientId: input.clientId != null ? validateClientId(input.clientId) : undefined,
    credential: pickCredential(input, false),
  }),
  patch(currentSettings, input, valid) {
    if (input.exchangeOnPrem != null)
      throw badInput('exchangeOnPrem', 'is for EXCHANGE_ONPREM connectors, not MICROSOFT_GRAPH');
    const settings = parseConnectorSettings('MICROSOFT_GRAPH', currentSettings);
    return {
      nextSettings: parseConnectorSettings('MICROSOFT_GRAPH', {
        ...settings,
        ...(valid.azureTenantId !== undefined ? { azureTenantId: valid.azureTenantId } : {}),
        ...(valid.clientId !== undefined ? { clientId: valid.clientId } : {}),
      }),
      credential: valid.credential,
    };
  },
};

const MICROSOFT_ONLY = ['azureTenantId', 'clientId', 'clientSecret', 'certificate'] as const;

/** Any change of the EWS settings or the password gives a new credential version (a fresh signed-in transport). */
const exchangeOnPremInput: KindInput<{ password: string | undefined }> = {
  create(input) {
    for (const field of [...MICROSOFT_ONLY, 'cloud'] as const)
      if (input[field] != null)
        throw badInput(field, 'is for MICROSOFT_GRAPH connectors, not EXCHANGE_ONPREM');
    const ews = input.exchangeOnPrem;
    if (ews == null) throw badInput('exchangeOnPrem', 'is required for an EXCHANGE_ONPREM connector');
    const settings = validateExchangeOnPremSettings(ews);
    if (ews.password == null) throw badInput('exchangeOnPrem.password', 'is required');
    return { settings, credential: { kind: 'PASSWORD', password: validateMonitorPassword(ews.password) } };
  },
  validateUpdate: (input) => ({
    password:
      input.exchangeOnPrem?.password != null
        ? validateMonitorPassword(input.exchangeOnPrem.password)
        : undefined,
  }),
  patch(currentSettings, input, { password }) {
    for (const field of MICROSOFT_ONLY)
      if (input[field] != null)
        throw badInput(field, 'is for MICROSOFT_GRAPH connectors, not EXCHANGE_ONPREM');
    const settings = parseConnectorSettings('EXCHANGE_ONPREM', currentSettings);
    return {
      nextSettings: input.exchangeOnPrem
        ? validateExchangeOnPremSettings(input.exchangeOnPrem, settings)
        : settings,
      credential: password === undefined ? null : { kind: 'PASSWORD', password },
    };
  },
};

const CONNECTOR_INPUT = {
  MICROSOFT_GRAPH: microsoftInput,
  EXCHANGE_ONPREM: exchangeOnPremInput,
} satisfies { [K in ConnectorKind]: KindInput<unknown> };

/** createConnector's settings and credential for the input's kind (Microsoft 365 when none is given). */
export function connectorBackEnd(input: CreateConnectorInput): {
  settings: ConnectorSettings;
  credential: NewCredential;
} {
  return CONNECTOR_INPUT[input.kind ?? 'MICROSOFT_GRAPH'].create(input);
}

/** updateConnector's input validated for every kind (in the table's order), kept until the connector's kind is known. */
export type ValidatedUpdate = {
  [K in ConnectorKind]: ReturnType<(typeof CONNECTOR_INPUT)[K]['validateUpdate']>;
};

export function validateBackEndUpdate(input: UpdateConnectorInput): ValidatedUpdate {
  const entries = Object.entries(CONNECTOR_INPUT) as [ConnectorKind, KindInput<unknown>][];
  return Object.fromEntries(
    entries.map(([kind, entry]) => [kind, entry.validateUpdate(input)]),
  ) as ValidatedUpdate;
}

/** The connector's next settings and credential once its kind is known. */
export function backEndPatch(
  current: { kind: ConnectorKind; settings: unknown },
  input: UpdateConnectorInput,
  valid: ValidatedUpdate,
): BackEndPatch {
  const entry: KindInput<unknown> = CONNECTOR_INPUT[current.kind];
  return entry.patch(current.settings, input, valid[current.kind]);
}
