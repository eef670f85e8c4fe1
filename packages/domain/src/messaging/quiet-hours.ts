// SMS quiet hours: no texts before `start` or after `end` o'clock in the patient's time zone (the
// organization's when the patient has none). Pure: uses only the standard Intl API.

function localParts(at: Date, timeZone: string): { hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { hour: get('hour'), minute: get('minute') };
}

export function isWithinSendingHours(at: Date, timeZone: string, start: number, end: number): boolean {
  const { hour } = localParts(at, timeZone);
  return hour >= start && hour < end;
}

/**
 * The next instant at or after `at` that falls inside sending hours, to the minute. Walks forward in
 * 15-minute steps, then back to the exact hour boundary — simple and right across DST changes.
 */
export function nextSendingTime(at: Date, timeZone: string, start: number, end: number): Date {
  if (isWithinSendingHours(at, timeZone, start, end)) return at;
  let probe = new Date(at.getTime());
  for (let i = 0; i < 4 * 48; i += 1) {
    probe = new Date(probe.getTime() + 15 * 60_000);
    if (isWithinSendingHours(probe, timeZone, start, end)) {
      const { minute } = localParts(probe, timeZone);
      return new Date(probe.getTime() - minute * 60_000 - (probe.getTime() % 60_000));
    }
  }
  return probe;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
