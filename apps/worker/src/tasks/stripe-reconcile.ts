// stripe-reconcile — every STRIPE_RECONCILE_INTERVAL_SECONDS (60 by default) and once when a worker
// starts: catch up on Stripe events we never received and read sessions that may have been paid
// without one (the domain's reconcilePayments). One chain of jobs under one key, whatever the number
// of workers; the next run is queued before this one works, so a failure never ends the chain.
import type { JobHelpers, Task } from 'graphile-worker';
import { CATCH_UP_MAX_EVENTS, reconcilePayments } from '@clinicpay/domain';
import type { Container } from '@clinicpay/infrastructure';

export const STRIPE_RECONCILE_JOB = 'stripe-reconcile';

/** Queues (or moves) the next run; `delayMs` 0 = now. Job times are wall-clock, as the database's are. */
export function scheduleStripeReconcile(
  addJob: JobHelpers['addJob'],
  payload: { since: number | null },
  delayMs: number,
) {
  return addJob(STRIPE_RECONCILE_JOB, payload, {
    jobKey: STRIPE_RECONCILE_JOB,
    jobKeyMode: 'replace',
    runAt: new Date(Date.now() + delayMs),
    maxAttempts: 3,
  });
}

export function stripeReconcileTask(container: Container): Task {
  return async (payload, helpers) => {
    const since = (payload as { since?: number | null }).since ?? null;
    const interval = container.config.stripeReconcileIntervalMs;
    const { logger } = container;
    await scheduleStripeReconcile(helpers.addJob, { since }, interval);
    const run = await reconcilePayments({ provider: 'stripe', since }, container.paymentEventDeps());
    await scheduleStripeReconcile(helpers.addJob, { since: run.next }, interval);
    const { catchUp, sessions } = run;
    if (run.catchUpError) logger.warn('stripe catch-up failed', { error: run.catchUpError });
    for (const reason of catchUp?.refused ?? []) logger.warn('stripe catch-up: not an event', { reason });
    if (catchUp?.truncated)
      logger.warn('stripe catch-up: more events than one run reads', {
        read: CATCH_UP_MAX_EVENTS,
        from: catchUp.from,
      });
    // Quiet when nothing was missed; otherwise the operator should know webhooks are being lost.
    if ((catchUp?.stored ?? 0) > 0 || sessions.completed > 0 || sessions.problems > 0)
      logger.info('stripe reconcile repaired missed events', {
        eventsStored: catchUp?.stored ?? 0,
        sessionsRead: sessions.checked,
        linksCompleted: sessions.completed,
        sessionsExpired: sessions.expired,
        problems: sessions.problems,
      });
  };
}
