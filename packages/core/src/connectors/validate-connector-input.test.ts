import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import {
  pickCredential,
  validateAzureTenantId,
  validateClientId,
  validateClientSecret,
  validateSyncInterval,
  validateSyncWindow,
} from './validate-connector-input.ts';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError && error.code === 'BAD_USER_INPUT') return String(error.details.field);
    throw error;
  }
  return undefined;
}

describe('connector input validation', () => {
  it('accepts a directory GUID or a verified domain, as entered', () => {
    expect(validateAzureTenantId(' 72f988bf-86f1-41af-91ab-2d7cd011db47 ')).toBe(
      '72f988bf-86f1-41af-91ab-2d7cd011db47',
    );
    expect(validateAzureTenantId('Contoso.onmicrosoft.com')).toBe('Contoso.onmicrosoft.com');
    for (const bad of ['contoso', 'common', 'organizations', 'https://login.microsoftonline.com/x', '']) {
      expect(
        fieldOf(() => validateAzureTenantId(bad)),
        bad,
      ).toBe('azureTenantId');
    }
  });

  it('needs a GUID client id', () => {
    expect(validateClientId('4A1AA1D5-C567-49D0-AD0B-CD957A47F842')).toBe(
      '4a1aa1d5-c567-49d0-ad0b-cd957a47f842',
    );
    expect(fieldOf(() => validateClientId('my-app'))).toBe('clientId');
  });

  it('refuses a secret ID (a GUID) with a hint that the value is needed', () => {
    expect(() => validateClientSecret('0f5b2c1e-9a3d-4c1b-8e2f-7a6b5c4d3e2f')).toThrow(
      /Secret ID .* not a secret value/,
    );
    expect(validateClientSecret(' abc8Q~realSecretValue.0123 ')).toBe('abc8Q~realSecretValue.0123');
    expect(fieldOf(() => validateClientSecret('   '))).toBe('clientSecret');
  });

  it('bounds the sync window and interval', () => {
    expect(validateSyncWindow({ pastDays: 0, futureDays: 730 })).toEqual({ pastDays: 0, futureDays: 730 });
    expect(fieldOf(() => validateSyncWindow({ pastDays: -1, futureDays: 10 }))).toBe('syncWindow.pastDays');
    expect(fieldOf(() => validateSyncWindow({ pastDays: 1, futureDays: 731 }))).toBe('syncWindow.futureDays');
    expect(validateSyncInterval(60)).toBe(60);
    expect(fieldOf(() => validateSyncInterval(59))).toBe('syncIntervalSeconds');
  });

  it('wants exactly one credential on create and at most one on update', () => {
    expect(fieldOf(() => pickCredential({}, true))).toBe('clientSecret');
    expect(pickCredential({}, false)).toBeNull();
    expect(
      fieldOf(() =>
        pickCredential(
          { clientSecret: 'abc~def', certificate: { privateKeyPem: 'a', certificatePem: 'b' } },
          false,
        ),
      ),
    ).toBe('clientSecret');
    expect(
      fieldOf(() => pickCredential({ certificate: { privateKeyPem: 'a', certificatePem: 'b' } }, true)),
    ).toBe('certificate.certificatePem');
  });
});
