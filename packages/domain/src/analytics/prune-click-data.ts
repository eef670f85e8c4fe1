// The hourly retention run: click addresses older than the configured days are erased, visitor salts
// older than yesterday are deleted (so no visitor hash can be recomputed), and the unknown-code
// throttle forgets the addresses it no longer restricts (they are addresses too).
import type { Clock } from '../shared/clock.ts';
import type { ClickRetention } from './analytics-ports.ts';

export type ClickRetentionDeps = { retention: ClickRetention; clock: Clock; addressRetentionDays: number };

export type ClickRetentionRun = { erasedAddresses: number; deletedSalts: number; forgottenGuessers: number };

export async function pruneClickData(deps: ClickRetentionDeps): Promise<ClickRetentionRun> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - deps.addressRetentionDays * 86_400_000);
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  const erasedAddresses = await deps.retention.eraseAddressesBefore(cutoff);
  const deletedSalts = await deps.retention.deleteSaltsBefore(yesterday);
  const forgottenGuessers = await deps.retention.forgetIdleGuessers(now);
  return { erasedAddresses, deletedSalts, forgottenGuessers };
}
