import { formatIpv6, parseIpAddress } from './ip-address.ts';

/**
 * What a rate limit or a throttle counts an address as: an IPv4 address whole, an IPv6
 * address by its /64. One home, phone or server is given at least a /64 and can use
 * any of its 2^64 addresses, so counting IPv6 addresses one by one would give each
 * client as many buckets as it likes. An IPv4-mapped IPv6 address counts as its IPv4
 * address. Without a readable address every such request shares the bucket `unknown`.
 */
export function addressBucket(address: string | undefined): string {
  const ip = address === undefined ? undefined : parseIpAddress(address);
  if (!ip) return 'unknown';
  if (ip.version === 4) return ip.text;
  return `${formatIpv6([...ip.groups.slice(0, 4), 0, 0, 0, 0])}/64`;
}
