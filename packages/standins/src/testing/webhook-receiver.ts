// For tests: receives the sandbox's webhooks through the real intake (signature check, storage) and
// processes each stored event at once, the way the worker's job would; events that must wait for
// another are kept and re-run by `drain()`, as job retries would.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RetryLater } from '@clinicpay/domain';
import type { Container } from '@clinicpay/infrastructure';
import { acceptStripeWebhook, processStripeEvent } from './stripe-webhooks.ts';

export type WebhookReceiver = {
  url: string;
  received: string[];
  /** Re-runs events that asked to be retried until none is left (or no progress is made). */
  drain(): Promise<void>;
  close(): Promise<void>;
};

export async function startWebhookReceiver(
  container: Container,
  options: { process?: boolean } = {},
): Promise<WebhookReceiver> {
  const received: string[] = [];
  const retry = new Set<string>();
  const run = async (eventId: string) => {
    try {
      await processStripeEvent(container, eventId);
      retry.delete(eventId);
    } catch (error) {
      if (error instanceof RetryLater) retry.add(eventId);
      else throw error;
    }
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const result = await acceptStripeWebhook(
          container,
          Buffer.concat(chunks),
          req.headers['stripe-signature'] as string | undefined,
        );
        if (result.status === 'rejected') {
          res.writeHead(400).end(result.reason);
          return;
        }
        received.push(result.eventId);
        if (options.process !== false && !result.duplicate) await run(result.eventId);
        res.writeHead(200).end('{}');
      })().catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`,
    received,
    async drain() {
      for (let round = 0; round < 10 && retry.size > 0; round += 1) {
        for (const id of [...retry]) await run(id);
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
