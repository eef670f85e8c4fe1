import { describe, expect, it } from 'vitest';
import { isWithinSendingHours, nextSendingTime } from './quiet-hours.ts';

describe('quiet hours', () => {
  it('knows sending hours in the patient’s zone', () => {
    // 13:00 UTC = 08:00 in New York (EST, winter).
    expect(isWithinSendingHours(new Date('2026-01-15T13:00:00Z'), 'America/New_York', 8, 20)).toBe(true);
    expect(isWithinSendingHours(new Date('2026-01-15T12:59:00Z'), 'America/New_York', 8, 20)).toBe(false);
    expect(isWithinSendingHours(new Date('2026-01-16T01:00:00Z'), 'America/New_York', 8, 20)).toBe(false); // 20:00
  });

  it('schedules a late-evening text for 08:00 the next local morning', () => {
    const at = new Date('2026-01-16T02:30:00Z'); // 21:30 in New York
    expect(nextSendingTime(at, 'America/New_York', 8, 20).toISOString()).toBe('2026-01-16T13:00:00.000Z');
  });

  it('handles another zone and summer time', () => {
    const at = new Date('2026-07-01T03:00:00Z'); // 20:00 in Los Angeles (PDT)
    expect(nextSendingTime(at, 'America/Los_Angeles', 8, 20).toISOString()).toBe('2026-07-01T15:00:00.000Z');
  });

  it('leaves a time inside sending hours alone', () => {
    const at = new Date('2026-07-01T16:17:00Z');
    expect(nextSendingTime(at, 'America/New_York', 8, 20)).toEqual(at);
  });
});
