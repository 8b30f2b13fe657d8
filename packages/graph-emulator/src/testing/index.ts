/** Test helpers for suites that run against the emulator in-process (import '@calsync/graph-emulator/testing'). */
export { provisionTenant, startTrustedEmulator } from './trusted-emulator.ts';
export type { ProvisionedTenant, TrustedEmulator } from './trusted-emulator.ts';
export { createFakeAuthority } from './fake-authority.ts';
export type { FakeApp, FakeRequest } from './fake-authority.ts';
export { shapeDifferences } from './json-shape.ts';
