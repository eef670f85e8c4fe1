import { describe, expect, it } from 'vitest';
import { addressAllowed, addressBucket, displayAddress, MAX_RANGES, parseAllowlist } from './ip-ranges.ts';

describe('parseAllowlist', () => {
  it('stores each entry as its canonical range, IPv4 and IPv6, without repeats or blanks', () => {
    expect(
      parseAllowlist(['203.0.113.7', ' 10.1.2.3/8 ', '', '2001:DB8::1/32', '10.0.0.0/8'], 'ranges'),
    ).toEqual({
      ok: true,
      ranges: ['203.0.113.7/32', '10.0.0.0/8', '2001:db8::/32'],
    });
    // An IPv4-mapped IPv6 range is the IPv4 range it names.
    expect(parseAllowlist(['::ffff:192.0.2.0/120'], 'ranges')).toEqual({
      ok: true,
      ranges: ['192.0.2.0/24'],
    });
  });

  it('names each bad entry by its position, and refuses lists that are too long', () => {
    const result = parseAllowlist(['10.0.0.1', '10.0.0.300', 'fe80::/129', '10', '0x0a.1.2.3'], 'ranges');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual(['ranges[1]', 'ranges[2]', 'ranges[3]', 'ranges[4]']);
    expect(result.errors[0]!.message).toBe(
      '"10.0.0.300" is not an IP address or a CIDR range (e.g. 203.0.113.0/24, 2001:db8::/32)',
    );
    const many = Array.from({ length: MAX_RANGES + 1 }, (_, i) => `10.0.${i}.0/24`);
    const tooMany = parseAllowlist(many, 'ranges');
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok)
      expect(tooMany.errors).toEqual([{ field: 'ranges', message: 'may hold at most 50 entries' }]);
  });
});

describe('addressAllowed', () => {
  const ranges = ['192.0.2.0/24', '2001:db8:5::/48', '203.0.113.9/32'];
  it('matches IPv4 and IPv6 clients inside the ranges, and IPv4 seen through an IPv6 socket', () => {
    expect(addressAllowed(ranges, '192.0.2.200')).toBe(true);
    expect(addressAllowed(ranges, '::ffff:192.0.2.200')).toBe(true);
    expect(addressAllowed(ranges, '2001:db8:5:ffff::1')).toBe(true);
    expect(addressAllowed(ranges, '203.0.113.9')).toBe(true);
  });
  it('refuses addresses outside, of the other family, or unknown', () => {
    expect(addressAllowed(ranges, '192.0.3.1')).toBe(false);
    expect(addressAllowed(ranges, '2001:db8:6::1')).toBe(false);
    expect(addressAllowed(['0.0.0.0/0'], '::1')).toBe(false);
    expect(addressAllowed(ranges, null)).toBe(false);
    expect(addressAllowed(ranges, 'not an address')).toBe(false);
  });
});

describe('addresses as people read them and as clients are counted', () => {
  it('shows IPv4 without its IPv6 wrapping', () => {
    expect(displayAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(displayAddress('2001:db8::1')).toBe('2001:db8::1');
    expect(displayAddress(null)).toBeNull();
  });
  it('counts an IPv4 client by its address and an IPv6 one by its /64', () => {
    expect(addressBucket('::ffff:198.51.100.4')).toBe('198.51.100.4');
    expect(addressBucket('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8:1:2:bbbb::9')).toBe('2001:db8:1:2::/64');
    expect(addressBucket(null)).toBe('unknown');
  });
});
