import { BlockList, isIP } from 'node:net';

/**
 * Why an address is no destination for a webhook (docs/change-feed.md, "SSRF defence"), or
 * 'public'. Cloud metadata endpoints are refused even when private destinations are allowed.
 */
export type AddressClass =
  | 'public'
  | 'metadata'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'ipv4-mapped'
  | 'multicast'
  | 'reserved'
  | 'invalid';

type Range = [network: string, prefix: number, type: 'ipv4' | 'ipv6', cls: AddressClass];

// Most specific first: the first list that contains an address names its class.
const RANGES: Range[] = [
  ['169.254.169.254', 32, 'ipv4', 'metadata'],
  ['fd00:ec2::254', 128, 'ipv6', 'metadata'],
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['fc00::', 7, 'ipv6', 'private'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['100.64.0.0', 10, 'ipv4', 'cgnat'],
  // IPv4-mapped and -translated IPv6 reach IPv4 hosts the IPv4 rules would refuse.
  ['::ffff:0:0', 96, 'ipv6', 'ipv4-mapped'],
  ['64:ff9b::', 96, 'ipv6', 'ipv4-mapped'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['ff00::', 8, 'ipv6', 'multicast'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.0.2.0', 24, 'ipv4', 'reserved'],
  ['198.18.0.0', 15, 'ipv4', 'reserved'],
  ['198.51.100.0', 24, 'ipv4', 'reserved'],
  ['203.0.113.0', 24, 'ipv4', 'reserved'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['2001:db8::', 32, 'ipv6', 'reserved'],
];

// BlockList matches IPv4 subnets against IPv4-mapped IPv6 addresses and back, so an address is
// checked only against ranges of its own family: the mapped forms get their own class.
const LISTS = RANGES.map(([network, prefix, type, cls]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, type);
  return { list, type, cls };
});

export function classifyAddress(address: string): AddressClass {
  const version = isIP(address);
  if (version === 0) return 'invalid';
  const type = version === 4 ? 'ipv4' : 'ipv6';
  for (const range of LISTS) if (range.type === type && range.list.check(address, type)) return range.cls;
  return 'public';
}

/** Classes allowed when the operator allows private destinations (development and tests). */
const PRIVATE_CLASSES: ReadonlySet<AddressClass> = new Set([
  'public',
  'loopback',
  'private',
  'link-local',
  'cgnat',
]);

export function isAllowedAddress(cls: AddressClass, allowPrivate: boolean): boolean {
  return cls === 'public' || (allowPrivate && PRIVATE_CLASSES.has(cls));
}
