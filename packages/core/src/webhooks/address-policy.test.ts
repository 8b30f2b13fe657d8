import { describe, expect, it } from 'vitest';
import { classifyAddress, isAllowedAddress, type AddressClass } from './address-policy.ts';

describe('webhook destination addresses', () => {
  const cases: [string, AddressClass][] = [
    ['93.184.215.14', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.10.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['::ffff:127.0.0.1', 'ipv4-mapped'],
    ['::ffff:8.8.8.8', 'ipv4-mapped'],
    ['64:ff9b::a00:1', 'ipv4-mapped'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['198.18.0.1', 'reserved'],
    ['not-an-address', 'invalid'],
  ];
  it.each(cases)('%s is %s', (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });

  it('the neighbours of private ranges are public', () => {
    expect(classifyAddress('172.15.255.255')).toBe('public');
    expect(classifyAddress('172.32.0.0')).toBe('public');
    expect(classifyAddress('100.63.255.255')).toBe('public');
    expect(classifyAddress('100.128.0.0')).toBe('public');
  });

  it('allowing private destinations never allows metadata, mapped or unspecified addresses', () => {
    expect(isAllowedAddress('loopback', false)).toBe(false);
    expect(isAllowedAddress('loopback', true)).toBe(true);
    expect(isAllowedAddress('private', true)).toBe(true);
    for (const cls of ['metadata', 'ipv4-mapped', 'unspecified', 'multicast', 'invalid'] as const) {
      expect(isAllowedAddress(cls, true)).toBe(false);
    }
    expect(isAllowedAddress('public', false)).toBe(true);
  });
});
