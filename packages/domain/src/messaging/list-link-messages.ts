// Every message about one link, with its delivery status: NotFound for a link of another clinic.
import type { LinkStore } from '../payment-links/payment-link-ports.ts';
import { AppError } from '../shared/app-error.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Message } from './message.ts';
import type { MessageStore } from './message-ports.ts';

export async function listLinkMessages(
  input: { organizationId: string; linkId: string },
  deps: { repos: { links: LinkStore; messages: MessageStore } },
): Promise<Result<Message[], AppError>> {
  const link = await deps.repos.links.findById(input.organizationId, input.linkId);
  if (!link) return err(AppError.notFound('Link'));
  return ok(await deps.repos.messages.listByLink(input.organizationId, link.id));
}
