// SendMessages — the batch form of the `send-message` job, for the many messages of a bulk send.
// The same rules as SendMessage, paid for once per batch instead of once per message: what the
// messages need is loaded in a few queries, they are claimed in one statement before any provider is
// called, and each outcome is recorded in one statement. Anything out of the ordinary (a message to
// refuse or schedule, one a crashed run left `sending`) goes through SendMessage itself.
import type { Message } from './message.ts';
import { deliverClaimed, sendMessage, type MessagingDeps, type SendOutcome } from './send-message.ts';
import { gateSend, WEEK_MS } from './send-rules.ts';
import { SEND_JOB_ATTEMPTS } from './queue-messages.ts';

/** How many sends one batch job has in flight at once. */
const IN_FLIGHT = 4;
/** Messages per rate-limit take and claim. */
const GROUP = 10;
/** How often a lane waits for the rate limit before handing its messages back to the queue. */
const MAX_WAITS = 50;

export async function sendMessages(
  messageIds: readonly string[],
  deps: MessagingDeps,
  options: { rerun: boolean },
): Promise<Map<string, SendOutcome>> {
  const outcomes = new Map<string, SendOutcome>();
  const now = deps.clock.now();
  const messages = await deps.repos.messages.unsafeFindManyForJob([...new Set(messageIds)]);
  const byOrganization = new Map<string, Message[]>();
  for (const message of messages) {
    const plain =
      message.status === 'queued' &&
      message.linkId !== null &&
      (message.scheduledFor === null || message.scheduledFor.getTime() <= now.getTime());
    if (plain) {
      const list = byOrganization.get(message.organizationId) ?? [];
      list.push(message);
      byOrganization.set(message.organizationId, list);
    } else if (message.status !== 'sending' || options.rerun) {
      // `sending` on a first run means another job holds it; on a rerun it is this job's own,
      // left by the attempt that died.
      outcomes.set(message.id, await sendMessage(message.id, deps));
    } else {
      outcomes.set(message.id, 'skipped');
    }
  }
  for (const [org, group] of byOrganization) {
    const [organization, patients, links, sentThisWeek] = await Promise.all([
      deps.repos.organizations.findById(org),
      deps.repos.patients.findByIds(org, [...new Set(group.map((m) => m.patientId))]),
      deps.repos.links.findByIds(org, [...new Set(group.map((m) => m.linkId as string))]),
      deps.repos.messages.countSentToPatientsSince(
        org,
        group.map((m) => m.patientId),
        new Date(now.getTime() - WEEK_MS),
      ),
    ]);
    if (!organization) continue;
    const patientById = new Map(patients.map((p) => [p.id, p]));
    const linkById = new Map(links.map((l) => [l.id, l]));
    const ready: Message[] = [];
    for (const message of group) {
      const patient = patientById.get(message.patientId);
      const link = linkById.get(message.linkId as string);
      const sent = sentThisWeek.get(message.patientId) ?? 0;
      const verdict =
        patient && link
          ? gateSend({
              channel: message.channel,
              organization,
              patient,
              link,
              contactsThisWeek: sent,
              unavailable: deps.senders.unavailable,
              now,
            })
          : null;
      if (verdict?.kind === 'send') {
        ready.push(message);
        sentThisWeek.set(message.patientId, sent + 1);
      } else {
        // Refusals, quiet hours and missing rows: SendMessage records each as it always does.
        outcomes.set(message.id, await sendMessage(message.id, deps));
      }
    }
    if (ready.length === 0) continue;
    const overrides = new Map(
      await Promise.all(
        [...new Set(ready.map((m) => m.kind))].map(
          async (kind) => [kind, await deps.repos.templates.overrides(org, kind)] as const,
        ),
      ),
    );
    const lane = async () => {
      let waits = 0;
      while (ready.length > 0) {
        // Tokens are taken just before the sends they pay for, a few at a time, and each group is
        // claimed just before it is handed over: a crash leaves at most that group `sending`.
        const slot = await deps.repos.sendRate.takeUpTo(
          org,
          deps.clock.now(),
          deps.sendRatePerSecond,
          Math.min(GROUP, ready.length),
        );
        if (slot.granted === 0) {
          if (waits >= MAX_WAITS) break;
          waits += 1;
          const ms = slot.retryAt.getTime() - deps.clock.now().getTime();
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, Math.max(5, ms))));
          continue;
        }
        const group = ready.splice(0, slot.granted);
        const claimed = new Set(
          await deps.repos.sends.claim(
            org,
            group.map((m) => m.id),
            now,
          ),
        );
        for (const message of group) {
          const patient = patientById.get(message.patientId);
          const link = linkById.get(message.linkId ?? '');
          if (!claimed.has(message.id) || !patient || !link) {
            outcomes.set(message.id, 'skipped'); // another job got there first
            continue;
          }
          message.status = 'sending';
          message.attempts += 1;
          const overridesForKind = overrides.get(message.kind) ?? {};
          const delivery = { message, organization, patient, link, overrides: overridesForKind, now };
          outcomes.set(message.id, await deliverClaimed(deps, delivery));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, ready.length) }, lane));
    // Still waiting for the rate limit after all that: each goes back to the queue on its own.
    for (const message of ready.splice(0)) {
      await deps.repos.jobs.enqueue(
        'send-message',
        { messageId: message.id },
        {
          runAt: new Date(deps.clock.now().getTime() + 1000),
          jobKey: `message:${message.id}`,
          maxAttempts: SEND_JOB_ATTEMPTS,
        },
      );
      outcomes.set(message.id, 'rate_limited');
    }
  }
  return outcomes;
}
