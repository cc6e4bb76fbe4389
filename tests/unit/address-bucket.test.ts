import { describe, expect, test } from 'vitest';
import { addressBucket } from '../../functions/net/address-bucket';

describe('addressBucket', () => {
  test('an IPv4 address is its own bucket', () => {
    expect(addressBucket('198.51.100.7')).toBe('198.51.100.7');
    expect(addressBucket('198.51.100.8')).not.toBe(addressBucket('198.51.100.7'));
  });

  test('IPv6 addresses in one /64 share a bucket', () => {
    const bucket = addressBucket('2001:db8:1:2::1');
    expect(bucket).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe(bucket);
    expect(addressBucket('2001:0DB8:0001:0002:0:0:0:abcd')).toBe(bucket);
    expect(addressBucket('[2001:db8:1:2::99]:443')).toBe(bucket);
  });

  test('the next /64 is another bucket', () => {
    expect(addressBucket('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(addressBucket('2001:db8:1:3::1')).not.toBe(addressBucket('2001:db8:1:2::1'));
  });

  test('an IPv4-mapped IPv6 address shares the bucket of its IPv4 address', () => {
    expect(addressBucket('::ffff:198.51.100.7')).toBe(addressBucket('198.51.100.7'));
  });

  test('requests without a readable address share one bucket', () => {
    expect(addressBucket(undefined)).toBe('unknown');
    expect(addressBucket('')).toBe('unknown');
    expect(addressBucket('not an address')).toBe('unknown');
  });
});
