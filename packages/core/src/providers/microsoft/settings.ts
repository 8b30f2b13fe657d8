import { z } from 'zod';
import { azureClouds } from '../../db/schema/enums.ts';

/** A MICROSOFT_GRAPH connector's settings: which cloud, directory and app registration it signs in as. */
export const microsoftSettingsSchema = z.object({
  cloud: z.enum(azureClouds),
  azureTenantId: z.string().min(1),
  clientId: z.string().min(1),
});

export type MicrosoftSettings = z.infer<typeof microsoftSettingsSchema>;
