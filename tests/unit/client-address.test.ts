import { describe, expect, test } from 'vitest';
import { readConfig } from '../../functions/config';
import { clientAddress } from '../../functions/net/client-address';
import { parseIpAddress } from '../../functions/net/ip-address';
import { requestProtocol } from '../../functions/net/request-protocol';

const behind = (trustedProxies: number, forwardedFor: string | null, socketAddress: string | undefined = '10.0.0.2') =>
  clientAddress({ socketAddress, forwardedFor, trustedProxies });

describe('clientAddress with no proxy in front (TRUST_PROXY=0)', () => {
  test('is the socket’s address', () => {
    expect(behind(0, null, '198.51.100.7')).toBe('198.51.100.7');
  });

  test('ignores X-Forwarded-For entirely: the client wrote it', () => {
    expect(behind(0, '203.0.113.9', '198.51.100.7')).toBe('198.51.100.7');
    expect(behind(0, '203.0.113.9, 192.0.2.1', '198.51.100.7')).toBe('198.51.100.7');
  });

  test('is unknown on a connection without an address (a Unix socket)', () => {
    expect(clientAddress({ socketAddress: undefined, forwardedFor: null, trustedProxies: 0 })).toBeUndefined();
  });
});

describe('clientAddress behind one proxy (TRUST_PROXY=1)', () => {
  test('is the address the proxy appended, the last entry', () => {
    expect(behind(1, '198.51.100.7', '127.0.0.1')).toBe('198.51.100.7');
  });

  test('a client that writes its own X-Forwarded-For cannot choose its address', () => {
    // nginx's $proxy_add_x_forwarded_for keeps what the client sent and appends the peer.
    expect(behind(1, '1.2.3.4, 198.51.100.7')).toBe('198.51.100.7');
    expect(behind(1, '1.2.3.4, 5.6.7.8, 9.9.9.9, 198.51.100.7')).toBe('198.51.100.7');
    expect(behind(1, 'unknown, <script>, 198.51.100.7')).toBe('198.51.100.7');
  });

  test('reads several X-Forwarded-For lines joined with commas, in order', () => {
    expect(behind(1, '1.2.3.4,198.51.100.7')).toBe('198.51.100.7');
    expect(behind(1, ' 1.2.3.4 ,  198.51.100.7 ')).toBe('198.51.100.7');
  });

  test('is unknown when the header is missing or empty: the request did not come through the proxy', () => {
    expect(behind(1, null, '127.0.0.1')).toBeUndefined();
    expect(behind(1, '', '127.0.0.1')).toBeUndefined();
  });

  test('is unknown when the entry in the client’s place is not an address', () => {
    expect(behind(1, '1.2.3.4, unknown')).toBeUndefined();
    expect(behind(1, '1.2.3.4,')).toBeUndefined();
    expect(behind(1, '1.2.3.4, 999.1.1.1')).toBeUndefined();
    expect(behind(1, '1.2.3.4, 198.51.100.7 extra')).toBeUndefined();
    expect(behind(1, `1.2.3.4, ${'1'.repeat(200)}`)).toBeUndefined();
  });
});

describe('clientAddress behind two proxies (TRUST_PROXY=2)', () => {
  test('is the second entry from the right, the one the outer proxy appended', () => {
    // client 198.51.100.7 → CDN → 10.0.0.5 (nginx) → this server
    expect(behind(2, '198.51.100.7, 10.0.0.5', '10.0.0.6')).toBe('198.51.100.7');
  });

  test('a spoofed leftmost entry is never chosen', () => {
    expect(behind(2, '6.6.6.6, 198.51.100.7, 10.0.0.5')).toBe('198.51.100.7');
  });

  test('is unknown when fewer proxies than configured added an entry', () => {
    // Only the inner proxy was passed: its one entry may have been written by anyone.
    expect(behind(2, '198.51.100.7')).toBeUndefined();
    expect(behind(2, null)).toBeUndefined();
  });
});

describe('clientAddress with IPv6', () => {
  test('gives one spelling for every way of writing an address', () => {
    expect(behind(1, '2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(behind(1, '[2001:db8::1]')).toBe('2001:db8::1');
    expect(behind(1, '[2001:db8::1]:51234')).toBe('2001:db8::1');
    expect(behind(1, 'fe80::1%eth0')).toBe('fe80::1');
    expect(behind(1, '[fe80::1%25eth0]:443')).toBe('fe80::1');
    expect(behind(0, null, '2001:0db8:0000:0000:0001:0000:0000:0001')).toBe('2001:db8::1:0:0:1');
  });

  test('an IPv4-mapped address is its IPv4 address', () => {
    expect(behind(0, null, '::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(behind(0, null, '::FFFF:c000:0201')).toBe('192.0.2.1');
    expect(behind(1, '::ffff:198.51.100.7', '::1')).toBe('198.51.100.7');
  });

  test('an IPv4 address with a port is the address', () => {
    expect(behind(1, '198.51.100.7:61000')).toBe('198.51.100.7');
  });
});

describe('clientAddress configuration', () => {
  test('refuses a proxy count that is not a whole number ≥ 0', () => {
    expect(() => behind(-1, null)).toThrow(RangeError);
    expect(() => behind(1.5, null)).toThrow(RangeError);
  });
});

describe('parseIpAddress', () => {
  test.each([
    '',
    ' ',
    'unknown',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '256.1.1.1',
    '1.2.3.4:',
    '1.2.3.4:123456',
    '::1::2',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::',
    '12345::1',
    ':1:2:3:4:5:6:7',
    'g::1',
    '2001:db8::1.2.3',
    '[2001:db8::1',
    'localhost',
  ])('refuses %j', (text) => {
    expect(parseIpAddress(text)).toBeUndefined();
  });

  test.each([
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
    ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::192.0.2.1', '::c000:201'],
    ['64:ff9b::192.0.2.1', '64:ff9b::c000:201'],
  ])('writes %s as %s', (text, canonical) => {
    expect(parseIpAddress(text)?.text).toBe(canonical);
  });
});

describe('the TRUST_PROXY setting', () => {
  test('defaults to 0: the socket’s address, no header believed', () => {
    expect(readConfig({}).TRUST_PROXY).toBe(0);
    expect(readConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
  });

  test('refuses anything but a small whole number, saying what it means', () => {
    for (const value of ['true', '-1', '1.5', 'loopback', '11']) {
      expect(() => readConfig({ TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY must be the number of reverse proxies/);
    }
  });
});

describe('requestProtocol: whether the reader came over HTTPS', () => {
  const over = (forwardedProto: string | undefined, trustedProxies: number, encrypted = false) =>
    requestProtocol({ encrypted, forwardedProto, trustedProxies });

  test('without a trusted proxy, X-Forwarded-Proto is whatever the client wrote: ignored', () => {
    expect(over('https', 0)).toBe('http');
  });

  test('TLS on the server itself is HTTPS', () => {
    expect(over(undefined, 0, true)).toBe('https');
  });

  test('behind one proxy, its X-Forwarded-Proto decides', () => {
    expect(over('https', 1)).toBe('https');
    expect(over('HTTPS', 1)).toBe('https');
    expect(over('http', 1)).toBe('http');
    expect(over(undefined, 1)).toBe('http');
    expect(over('gopher', 1)).toBe('http');
  });

  test('a value the client wrote before the proxy appended its own is not believed', () => {
    expect(over('https, http', 1)).toBe('http');
  });

  test('behind two proxies, the outer one (the reader’s) decides', () => {
    expect(over('https, http', 2)).toBe('https');
    expect(over('http, https, http', 2)).toBe('https');
    expect(over('https, http, http', 2)).toBe('http');
  });
});
