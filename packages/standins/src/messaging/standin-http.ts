// The plumbing the Twilio and SendGrid stand-ins share: a loopback HTTP server, bodies, JSON replies,
// and posting webhooks the way the providers do.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type WebhookDelivery = { status: number; body: string };

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export type RunningServer = { url: string; stop: () => Promise<void> };

export async function startServer(
  options: { port?: number; host?: string },
  handler: Handler,
): Promise<RunningServer> {
  const server: Server = createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      // A stand-in bug must surface in the test output, not hang the client.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      if (!response.headersSent) sendJson(response, 500, { message: `stand-in error: ${message}` });
      else response.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const address = server.address();
      if (typeof address === 'object' && address !== null) resolve(address.port);
      else reject(new Error('stand-in: no port'));
    });
  });
  let stopped = false;
  return {
    url: `http://${host}:${port}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The whole body; stops reading (and reports `tooLarge`) past `limit` bytes. */
export async function readBody(
  request: IncomingMessage,
  limit = Number.POSITIVE_INFINITY,
): Promise<{ body: Buffer; tooLarge: boolean; size: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size <= limit) chunks.push(buffer);
  }
  return { body: Buffer.concat(chunks), tooLarge: size > limit, size };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

export function sendEmpty(
  response: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'Content-Length': '0', ...headers });
  response.end();
}

/** Incoming headers as single strings, names lower-cased. */
export function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<WebhookDelivery> {
  const response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual' });
  return { status: response.status, body: await response.text() };
}
