/** Deterministic seed data for the emulator: the default "contoso" organisation or an N × M scale org. */
import { buildContosoDirectory } from './contoso-directory.ts';
import { buildContosoEvents } from './contoso-events.ts';
import { createRng } from './rng.ts';
import { buildScaleOrganisation } from './scale.ts';
import type { GenerateOptions, SeedOrganisation } from './types.ts';

export { createRng } from './rng.ts';
export { loadOrganisation } from './load.ts';
export { mutateRandomly } from './mutate.ts';
export type { AfterCreateEdit, GenerateOptions, Rng, SeedOrganisation } from './types.ts';

/** Generates an organisation; the same seed and `now` always give identical output. */
export function generateOrganisation(options: GenerateOptions): SeedOrganisation {
  const rng = createRng(options.seed);
  if (options.scale !== undefined) {
    return buildScaleOrganisation(rng, options.now, options.scale.mailboxes, options.scale.eventsPerMailbox);
  }
  const directory = buildContosoDirectory(rng, options.now);
  const tenantId = directory.tenants[0]?.id ?? '';
  return {
    generatedAt: options.now.toISOString(),
    ...directory,
    events: buildContosoEvents(rng, options.now, directory.mailboxes, tenantId),
  };
}
