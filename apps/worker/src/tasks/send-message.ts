// send-message — renders and hands one message to its provider (see SendMessage for the rules).
import type { Task } from 'graphile-worker';
import { sendMessage } from '@clinicpay/domain';
import type { Container } from '@clinicpay/infrastructure';

export function sendMessageTask(container: Container): Task {
  return async (payload) => {
    const { messageId } = payload as { messageId: string };
    await sendMessage(messageId, container.messagingDeps());
  };
}
