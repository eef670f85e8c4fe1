// The dev outbox behind /dev/outbox: what the capture senders kept instead of sending. It holds
// recipients and live pay links, so it exists only where capture is in use (never in production —
// see messagingChannels) and shows a signed-in staff member their own clinic's messages only.
import type { ApiContext } from '@clinicpay/api';
import type { Container } from '@clinicpay/infrastructure';
import type { DevOutbox } from './load-context.ts';

export async function devOutbox(container: Container, auth: ApiContext['auth']): Promise<DevOutbox> {
  const outbox = container.devOutbox;
  if (!outbox) return { kind: 'absent' };
  // API keys are for machines; the outbox is a page for people.
  if (auth?.kind !== 'user') return { kind: 'sign_in' };
  // A platform SUPER_ADMIN belongs to no clinic, and a page has no way to name one.
  if (!auth.organizationId) return { kind: 'no_clinic' };
  const [sent, waiting] = await Promise.all([
    outbox.sent(auth.organizationId, 100),
    outbox.waiting(auth.organizationId, 50),
  ]);
  return {
    kind: 'outbox',
    sent: sent.map((e) => ({
      id: e.id,
      channel: e.channel,
      recipient: e.recipient,
      subject: e.subject,
      body: e.body,
      html: e.html,
      createdAt: e.createdAt.toISOString(),
    })),
    waiting: waiting.map((w) => ({ ...w, scheduledFor: w.scheduledFor.toISOString() })),
  };
}
