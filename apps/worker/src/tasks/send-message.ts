// send-message — renders and hands messages to their providers (see SendMessage for the rules). The
// payload names one message, or (a batch job, as bulk sends enqueue) a list of them.
import type { Task } from 'graphile-worker';
import { sendMessage, sendMessages } from '@clinicpay/domain';
import type { Container } from '@clinicpay/infrastructure';

type Item = { messageId: string };

export function sendMessageTask(container: Container): Task {
  return async (payload, helpers) => {
    if (Array.isArray(payload)) {
      const ids = (payload as Item[]).map((item) => item.messageId);
      await sendMessages(ids, container.messagingDeps(), { rerun: helpers.job.attempts > 1 });
      return;
    }
    const { messageId } = payload as Item;
    await sendMessage(messageId, container.messagingDeps());
  };
}
