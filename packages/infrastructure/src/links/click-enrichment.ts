// What a click's user agent and address say, without keeping them: device type, browser and OS
// family (bowser, MIT), and a visitor hash — a keyed hash of address and user agent under a random
// salt that changes every UTC day and is deleted after two, so visitors can be counted within a day
// but never re-identified from the hash later.
import Bowser from 'bowser';
import { createHmac } from 'node:crypto';

export type DeviceType = 'mobile' | 'tablet' | 'desktop' | 'other';

export type UserAgentFacts = { deviceType: DeviceType | null; browser: string | null; os: string | null };

const NONE: UserAgentFacts = { deviceType: null, browser: null, os: null };

// Parsing is the costly part and user agents repeat: the answers for recent ones are kept.
const recent = new Map<string, UserAgentFacts>();
const RECENT_MAX = 1000;

export function describeUserAgent(userAgent: string | null): UserAgentFacts {
  if (!userAgent) return NONE;
  const known = recent.get(userAgent);
  if (known) return known;
  const facts = parse(userAgent);
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(userAgent, facts);
  return facts;
}

function parse(userAgent: string): UserAgentFacts {
  try {
    const parsed = Bowser.parse(userAgent);
    const type = parsed.platform.type;
    return {
      deviceType: type === 'mobile' || type === 'tablet' || type === 'desktop' ? type : type ? 'other' : null,
      browser: parsed.browser.name || null,
      os: parsed.os.name || null,
    };
  } catch {
    return NONE;
  }
}

export function visitorHash(salt: string, ip: string | null, userAgent: string | null): string | null {
  if (!ip && !userAgent) return null;
  return createHmac('sha256', salt)
    .update(`${ip ?? ''}\n${userAgent ?? ''}`)
    .digest('hex')
    .slice(0, 32);
}
