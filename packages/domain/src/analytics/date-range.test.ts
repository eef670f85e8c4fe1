import { describe, expect, it } from 'vitest';
import { resolveDateRange, startOfLocalDay } from './analytics.ts';

describe('startOfLocalDay', () => {
  it('is local midnight, on ordinary days and across daylight-saving changes', () => {
    expect(startOfLocalDay('2026-01-15', 'America/New_York').toISOString()).toBe('2026-01-15T05:00:00.000Z');
    expect(startOfLocalDay('2026-07-15', 'America/New_York').toISOString()).toBe('2026-07-15T04:00:00.000Z');
    // Clocks go forward on 8 March 2026 at 2:00 (after midnight) and back on 1 November.
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfLocalDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfLocalDay('2026-11-02', 'America/New_York').toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(startOfLocalDay('2026-06-01', 'Asia/Kolkata').toISOString()).toBe('2026-05-31T18:30:00.000Z');
    expect(startOfLocalDay('2026-06-01', 'UTC').toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });
});

describe('resolveDateRange', () => {
  it('runs from the start of `from` to the start of the day after `to`, either end open', () => {
    const r = resolveDateRange({ from: '2026-03-01', to: '2026-03-31' }, 'America/Los_Angeles');
    expect(r.ok && r.value.from?.toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(r.ok && r.value.before?.toISOString()).toBe('2026-04-01T07:00:00.000Z');
    const open = resolveDateRange({ to: '2026-03-31' }, 'UTC');
    expect(open.ok && open.value).toEqual({ before: new Date('2026-04-01T00:00:00Z') });
    expect(resolveDateRange({}, 'UTC')).toEqual({ ok: true, value: {} });
  });

  it('names each bad date, and a range that runs backwards', () => {
    const bad = resolveDateRange({ from: '2026-02-30', to: 'tomorrow' }, 'UTC');
    expect(!bad.ok && bad.error.fieldErrors?.map((e) => e.field)).toEqual(['from', 'to']);
    const backwards = resolveDateRange({ from: '2026-03-02', to: '2026-03-01' }, 'UTC');
    expect(!backwards.ok && backwards.error.fieldErrors).toEqual([
      { field: 'from', message: 'must not be after `to`' },
    ]);
  });

  it('bounds dates to 2000–2099, naming the end that is outside', () => {
    for (const [input, field] of [
      [{ from: '0001-01-01' }, 'from'],
      [{ to: '9999-12-31' }, 'to'],
      [{ from: '1999-12-31', to: '2026-01-01' }, 'from'],
      [{ to: '2100-01-01' }, 'to'],
    ] as const) {
      const r = resolveDateRange(input, 'America/New_York');
      expect(!r.ok && r.error.fieldErrors).toEqual([
        { field, message: 'must be between 2000-01-01 and 2099-12-31' },
      ]);
    }
    expect(resolveDateRange({ from: '2000-01-01', to: '2099-12-31' }, 'Pacific/Kiritimati').ok).toBe(true);
  });
});
