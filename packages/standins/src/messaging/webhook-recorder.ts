// For tests: an HTTP endpoint that keeps every request the stand-ins post to it, raw body included,
// so signatures can be checked exactly as the app's webhook routes would see them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { flatHeaders, readBody, startServer } from './standin-http.ts';

export type RecordedWebhook = {
  method: string;
  /** Path and query, as requested. */
  path: string;
  /** Names lower-cased. */
  headers: Record<string, string>;
  rawBody: Buffer;
};

export type WebhookRecorder = {
  /** Origin, e.g. http://127.0.0.1:PORT (append any path). */
  url: string;
  received(): RecordedWebhook[];
  /** The status to answer with from now on; default 200. */
  respondWith(status: number): void;
  stop(): Promise<void>;
};

export async function startWebhookRecorder(
  options: { port?: number; host?: string } = {},
): Promise<WebhookRecorder> {
  const received: RecordedWebhook[] = [];
  let status = 200;
  const server = await startServer(options, async (request: IncomingMessage, response: ServerResponse) => {
    const { body } = await readBody(request);
    received.push({
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: flatHeaders(request),
      rawBody: body,
    });
    response.writeHead(status, { 'Content-Type': 'text/plain' });
    response.end(status < 300 ? '' : 'rejected');
  });
  return {
    url: server.url,
    received: () => [...received],
    respondWith(next) {
      status = next;
    },
    stop: server.stop,
  };
}
