// expire-links — every minute: ACTIVE links past expires_at become EXPIRED, their Stripe sessions
// are closed and their providers notified.
import type { Task } from 'graphile-worker';
import { expireDueLinks } from '@clinicpay/domain';
import type { Container } from '@clinicpay/infrastructure';

export function expireLinksTask(container: Container): Task {
  return async (_payload, helpers) => {
    const expired = await expireDueLinks(container.paymentDeps());
    if (expired > 0) helpers.logger.info(`expired ${expired} link(s)`);
  };
}
