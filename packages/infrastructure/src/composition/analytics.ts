// Analytics and the short-link path: the click recorder, the fast redirect lookup (and its
// cross-process invalidation), the unknown-code throttle, the readers and the retention rules.
import type { AnalyticsDeps, ClickRetentionDeps } from '@clinicpay/domain';
import { ClickRecorder } from '../links/click-recorder.ts';
import { FastLinkLookup } from '../links/fast-link-lookup.ts';
import { GuessLimiter } from '../links/guess-limiter.ts';
import { PgAnalyticsReader } from '../repositories/analytics-reader.ts';
import { PgClickRetention } from '../repositories/click-retention.ts';
import type { Core } from './core.ts';
import type { Scope } from './scope.ts';

export type AnalyticsComposition = {
  clicks: ClickRecorder;
  fastLinks: FastLinkLookup;
  /** The unknown-short-code throttle, per client, shared by every web process. */
  guesses: GuessLimiter;
  /** Web processes: keep the short-link cache in step with changes made by any process. */
  listenForLinkChanges(): Promise<void>;
  /** The hourly retention run's dependencies (pruneClickData). */
  retentionDeps(): ClickRetentionDeps;
  /** The analytics use cases' dependencies on a request's scope. */
  analyticsDeps(scope: Scope): AnalyticsDeps;
  /** Stops the change listener and writes the clicks still buffered. */
  closeAnalytics(): Promise<void>;
};

export function composeAnalytics(core: Core): AnalyticsComposition {
  const { pool, logger, config, clock } = core;
  const fastLinks = new FastLinkLookup(pool, config.stripe.checkoutHosts);
  const guesses = new GuessLimiter(pool);
  const retention = new PgClickRetention(pool, guesses);
  const clicks = new ClickRecorder(pool, (error, lost) =>
    logger.error('click recording failed', { error: error.message, lost }),
  );
  // The promise, not its result: two apps on one container (tests) must share one listener, or the
  // second one's connection is never released and close() waits for it forever.
  let listening: Promise<() => Promise<void>> | undefined;
  return {
    clicks,
    fastLinks,
    guesses,
    async listenForLinkChanges() {
      listening ??= fastLinks.listen((error) =>
        logger.warn('link change listener', { error: error.message }),
      );
      await listening;
    },
    retentionDeps: () => ({ retention, clock, addressRetentionDays: config.clickIpRetentionDays }),
    analyticsDeps: (scope) => ({
      analytics: new PgAnalyticsReader(scope.em),
      links: scope.links,
      organizations: scope.organizations,
      linkEvents: scope.linkEvents,
      messages: scope.messages,
      clock,
    }),
    async closeAnalytics() {
      if (listening) await (await listening)();
      await clicks.flush();
    },
  };
}
