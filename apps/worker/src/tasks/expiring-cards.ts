// scan-expiring-cards — daily: card-update links for patients whose card expires this month or
// next, in every organization that has the automation on.
import type { Task } from 'graphile-worker';
import { scanExpiringCards } from '@clinicpay/domain';
import type { Container } from '@clinicpay/infrastructure';

export function scanExpiringCardsTask(container: Container): Task {
  return async (_payload, helpers) => {
    const organizations = await container.scope().organizations.unsafeListAll();
    for (const organization of organizations) {
      if (!organization.settings.expiringCardAutomation) continue;
      const result = await scanExpiringCards(
        {
          organizationId: organization.id,
          dryRun: false,
          actor: { type: 'system', name: 'scan-expiring-cards' },
          requestId: null,
        },
        container.paymentDeps(),
      );
      if (result.ok) {
        const sent = result.value.filter((c) => c.linkId).length;
        if (sent > 0) helpers.logger.info(`organization ${organization.id}: ${sent} card-update link(s)`);
      }
    }
  };
}
