import { describe, expect, it } from 'vitest';
import { pruneClickData } from './prune-click-data.ts';
import type { ClickRetention } from './analytics-ports.ts';

describe('pruneClickData', () => {
  it('erases addresses past the retention days, salts before yesterday, and idle guessers now', async () => {
    const calls: string[] = [];
    const retention: ClickRetention = {
      eraseAddressesBefore: async (cutoff) => (calls.push(`erase<${cutoff.toISOString()}`), 3),
      deleteSaltsBefore: async (day) => (calls.push(`salts<${day}`), 2),
      forgetIdleGuessers: async (now) => (calls.push(`guessers@${now.toISOString()}`), 1),
    };
    const now = new Date('2026-03-01T00:30:00Z');
    const run = await pruneClickData({ retention, clock: { now: () => now }, addressRetentionDays: 90 });
    expect(run).toEqual({ erasedAddresses: 3, deletedSalts: 2, forgottenGuessers: 1 });
    expect(calls).toEqual([
      'erase<2025-12-01T00:30:00.000Z',
      // Yesterday's salt still hashes late visitors of yesterday; the day before goes.
      'salts<2026-02-28',
      'guessers@2026-03-01T00:30:00.000Z',
    ]);
  });
});
