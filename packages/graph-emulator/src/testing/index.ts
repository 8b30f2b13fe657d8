/** Test helpers for suites that run against the emulator in-process (import '@calsync/graph-emulator/testing'). */
export { provisionTenant, startTestEmulator } from './emulator-fixture.ts';
export type { ProvisionedTenant, TestEmulator } from './emulator-fixture.ts';
export { createMsalNetworkClient, createTrustingDispatcher } from './trust-emulator.ts';
export { readSample, shapeDifferences } from './json-shape.ts';
