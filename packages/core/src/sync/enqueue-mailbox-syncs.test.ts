import { describe, expect, it } from 'vitest';
import { interleaveByTenant } from './enqueue-mailbox-syncs.ts';

describe('interleaveByTenant', () => {
  it('alternates tenants and keeps each tenant in order', () => {
    const items = [
      { tenantId: 'a', n: 1 },
      { tenantId: 'a', n: 2 },
      { tenantId: 'a', n: 3 },
      { tenantId: 'b', n: 1 },
      { tenantId: 'c', n: 1 },
      { tenantId: 'c', n: 2 },
    ];
    expect(interleaveByTenant(items).map((i) => `${i.tenantId}${i.n}`)).toEqual([
      'a1',
      'b1',
      'c1',
      'a2',
      'c2',
      'a3',
    ]);
  });

  it('returns nothing for nothing', () => {
    expect(interleaveByTenant([])).toEqual([]);
  });
});
