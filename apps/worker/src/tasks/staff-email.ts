// notify-staff-email — the email copy of a notice, for staff who turned it on.
import type { Task } from 'graphile-worker';
import { emailStaffNotice } from '@clinicpay/domain';
import type { Container } from '@clinicpay/infrastructure';

export function staffEmailTask(container: Container): Task {
  return async (payload) => {
    const input = payload as { organizationId: string; userId: string; linkId: string; title: string };
    const scope = container.scope();
    const deps = container.messagingDeps();
    const outcome = await emailStaffNotice(
      { ...input, dashboardUrl: container.config.publicBaseUrl },
      {
        users: scope.users,
        organizations: scope.organizations,
        email: deps.senders.email,
        fromEmail: deps.senders.fromEmail,
      },
    );
    // A provider outage: let graphile-worker retry with backoff.
    if (outcome === 'failed') throw new Error('staff notice email failed');
  };
}
