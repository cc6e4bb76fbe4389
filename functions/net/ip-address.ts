/**
 * An IP address as a socket or a forwarding header gives it, in one spelling: the same
 * client must never count as two because one proxy writes `::FFFF:192.0.2.1` and
 * another `192.0.2.1`, or one `2001:DB8::1` and another `2001:db8:0:0::1`.
 */
export type IpAddress = { version: 4; text: string } | { version: 6; text: string; groups: readonly number[] };

const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const ipv4 = new RegExp(`^${octet}(?:\\.${octet}){3}$`);
const hexGroup = /^[0-9a-f]{1,4}$/i;

/** Eight 16-bit groups, or undefined for anything that is not an IPv6 address. */
function ipv6Groups(text: string): number[] | undefined {
  let head = text;
  const tail: number[] = [];
  // An IPv4 tail (`::ffff:192.0.2.1`) is the last two groups.
  if (text.includes('.')) {
    const colon = text.lastIndexOf(':');
    const v4 = text.slice(colon + 1);
    if (!ipv4.test(v4)) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    head = text.slice(0, colon + 1).endsWith('::') ? text.slice(0, colon + 1) : text.slice(0, colon);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const read = (part: string) => (part === '' ? [] : part.split(':').map((g) => (hexGroup.test(g) ? Number.parseInt(g, 16) : Number.NaN)));
  const left = read(halves[0] ?? '');
  const right = [...(halves.length === 2 ? read(halves[1] ?? '') : []), ...tail];
  if ([...left, ...right].some(Number.isNaN)) return undefined;
  if (halves.length === 1) return left.length + right.length === 8 ? [...left, ...right] : undefined;
  // `::` stands for one or more zero groups.
  const missing = 8 - left.length - right.length;
  return missing >= 1 ? [...left, ...Array<number>(missing).fill(0), ...right] : undefined;
}

/** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as `::`. */
export function formatIpv6(groups: readonly number[]): string {
  let start = -1;
  let length = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > length) [start, length] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (length < 2) return hex.join(':');
  return `${hex.slice(0, start).join(':')}::${hex.slice(start + length).join(':')}`;
}

/**
 * Reads `192.0.2.1`, `192.0.2.1:8080`, `2001:db8::1`, `[2001:db8::1]:443` and
 * `fe80::1%eth0` (the port and the zone say nothing about who the client is). An
 * IPv4-mapped IPv6 address is its IPv4 address: a dual-stack socket writes IPv4 clients
 * that way. Anything else, `unknown` and empty strings included, is undefined.
 */
export function parseIpAddress(input: string): IpAddress | undefined {
  let text = input.trim();
  if (text === '' || text.length > 100) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1] ?? '';
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  text = text.split('%')[0] ?? '';
  if (ipv4.test(text)) return { version: 4, text };
  if (!text.includes(':')) return undefined;
  const groups = ipv6Groups(text);
  if (!groups) return undefined;
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
    return { version: 4, text: [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff].join('.') };
  }
  return { version: 6, text: formatIpv6(groups), groups };
}
