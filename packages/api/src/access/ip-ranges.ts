// Addresses and CIDR ranges (IPv4 and IPv6), for the IP allowlists and for counting a client.
// Parsing and matching are ipaddr.js's; an IPv4 client seen through an IPv6 socket (::ffff:a.b.c.d)
// is the IPv4 address it carries.
import ipaddr from 'ipaddr.js';
import type { FieldError } from '@clinicpay/domain';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

/** An allowlist holds at most this many entries (a clinic has a handful of networks). */
export const MAX_RANGES = 50;

function parseAddress(ip: string): Address | null {
  // Four-part decimal only: ipaddr.js also reads "10" or "0x0a.1" as IPv4, which nobody means.
  if (!ipaddr.IPv4.isValidFourPartDecimal(ip) && !ipaddr.IPv6.isValid(ip)) return null;
  return ipaddr.process(ip);
}

/** One entry: an address (a /32 or /128) or a range in CIDR notation; null when it is neither. */
function parseRange(entry: string): Range | null {
  if (entry.includes('/')) {
    if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(entry) && !ipaddr.IPv6.isValidCIDR(entry)) return null;
    const [address, bits] = ipaddr.parseCIDR(entry);
    // An IPv4-mapped range (::ffff:10.0.0.0/104) is the IPv4 range it names.
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96)
      return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
    return [address, bits];
  }
  const address = parseAddress(entry);
  return address ? [address, address.kind() === 'ipv4' ? 32 : 128] : null;
}

/** The entry as we store and show it: the range's own network address, e.g. 10.1.2.3/8 → 10.0.0.0/8. */
function canonical([address, bits]: Range): string {
  const network =
    address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${bits}`);
  return `${network.toString()}/${bits}`;
}

/**
 * Reads an allowlist as entered (one entry per item; blank items dropped): each entry canonical, or
 * the entries at fault named by position, e.g. `ipAllowlist[2]`.
 */
export function parseAllowlist(
  entries: string[],
  field: string,
): { ok: true; ranges: string[] } | { ok: false; errors: FieldError[] } {
  const trimmed = entries.map((e) => e.trim()).filter((e) => e !== '');
  const errors: FieldError[] = [];
  const ranges: string[] = [];
  trimmed.forEach((entry, i) => {
    const range = entry.length <= 64 ? parseRange(entry) : null;
    if (!range)
      errors.push({
        field: `${field}[${i}]`,
        message: `"${entry.slice(0, 64)}" is not an IP address or a CIDR range (e.g. 203.0.113.0/24, 2001:db8::/32)`,
      });
    else if (!ranges.includes(canonical(range))) ranges.push(canonical(range));
  });
  if (trimmed.length > MAX_RANGES) errors.push({ field, message: `may hold at most ${MAX_RANGES} entries` });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, ranges };
}

/** True when `ip` is inside one of `ranges` (canonical entries); an unknown address never is. */
export function addressAllowed(ranges: string[], ip: string | null): boolean {
  const address = ip ? parseAddress(ip) : null;
  if (!address) return false;
  return ranges.some((entry) => {
    const range = parseRange(entry);
    return range !== null && range[0].kind() === address.kind() && address.match(range);
  });
}

/** The address as people read it: IPv4 without its ::ffff: wrapping. */
export function displayAddress(ip: string | null): string | null {
  const address = ip ? parseAddress(ip) : null;
  return address ? address.toString() : ip;
}

/**
 * The key a client address is counted under: the address itself for IPv4, its /64 for IPv6 (one
 * subscriber gets a whole /64, and could otherwise count as 2^64 clients).
 */
export function addressBucket(ip: string | null): string {
  const address = ip ? parseAddress(ip) : null;
  if (!address) return 'unknown';
  if (address.kind() === 'ipv4') return address.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`).toString()}/64`;
}
