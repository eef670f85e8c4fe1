import { describe, expect, it } from 'vitest';
import { computeSessionExpiresAt } from './session-expiry.ts';

const now = new Date('2026-01-10T12:00:00Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

describe('computeSessionExpiresAt', () => {
  it('ends with the link when the link ends inside Stripe’s window', () => {
    expect(computeSessionExpiresAt(minutes(120), now)).toEqual(minutes(120));
  });

  it('is capped just under 24 hours for long-lived links', () => {
    expect(computeSessionExpiresAt(minutes(72 * 60), now)).toEqual(minutes(24 * 60 - 1));
  });

  it('is raised to just over 30 minutes when the link ends sooner', () => {
    expect(computeSessionExpiresAt(minutes(5), now)).toEqual(minutes(31));
  });
});
