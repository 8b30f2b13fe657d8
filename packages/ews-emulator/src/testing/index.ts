/** Test helpers for suites that run against the EWS emulator in-process (import '@calsync/ews-emulator/testing'). */
export { SEED_NOW, startTestEwsEmulator } from './ews-fixture.ts';
export type { TestEwsEmulator } from './ews-fixture.ts';
export { createSoapTestClient } from './soap-test-client.ts';
export type { SoapResponse, SoapTestClient } from './soap-test-client.ts';
