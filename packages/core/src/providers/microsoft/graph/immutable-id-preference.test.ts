import { describe, expect, it } from 'vitest';
import { withImmutableIdPreference } from './immutable-id-preference.ts';

describe('withImmutableIdPreference', () => {
  it('adds a Prefer header when there is none', () => {
    expect(withImmutableIdPreference({ Accept: 'application/json' })).toEqual({
      Accept: 'application/json',
      Prefer: 'IdType="ImmutableId"',
    });
    expect(withImmutableIdPreference()).toEqual({ Prefer: 'IdType="ImmutableId"' });
  });

  it('appends to the preferences already asked for, whatever the header casing', () => {
    expect(withImmutableIdPreference({ prefer: 'outlook.timezone="UTC", odata.maxpagesize=50' })).toEqual({
      Prefer: 'outlook.timezone="UTC", odata.maxpagesize=50, IdType="ImmutableId"',
    });
  });

  it('leaves an explicit IdType as the caller chose it', () => {
    expect(withImmutableIdPreference({ Prefer: 'IdType="RestId"' })).toEqual({ Prefer: 'IdType="RestId"' });
  });
});
