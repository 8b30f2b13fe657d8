import type { z } from 'zod';
import type { ConnectorKind } from '../db/schema/enums.ts';
import { exchangeOnPremSettingsSchema, type ExchangeOnPremSettings } from './exchange-ews/settings.ts';
import { microsoftSettingsSchema, type MicrosoftSettings } from './microsoft/settings.ts';

/** The non-secret settings each connector kind stores in connectors.settings. */
export interface ConnectorSettingsByKind {
  MICROSOFT_GRAPH: MicrosoftSettings;
  EXCHANGE_ONPREM: ExchangeOnPremSettings;
}

export type ConnectorSettings = ConnectorSettingsByKind[ConnectorKind];

const SETTINGS_SCHEMAS: { [K in ConnectorKind]: z.ZodType<ConnectorSettingsByKind[K]> } = {
  MICROSOFT_GRAPH: microsoftSettingsSchema,
  EXCHANGE_ONPREM: exchangeOnPremSettingsSchema,
};

/** Validates a connector's stored (or about to be stored) settings against its kind's schema. */
export function parseConnectorSettings<K extends ConnectorKind>(
  kind: K,
  raw: unknown,
): ConnectorSettingsByKind[K] {
  return SETTINGS_SCHEMAS[kind].parse(raw);
}
