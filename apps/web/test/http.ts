// One HTTP request on its own connection, optionally from a chosen local address (127.0.0.0/8 is
// all ours on Linux, so tests can be several clients), answered with status, headers and body.
import http from 'node:http';

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

export function requestFrom(
  base: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string; from?: string },
): Promise<Answer> {
  const url = new URL(options.path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        path: url.pathname + url.search,
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        agent: false,
        ...(options.from ? { localAddress: options.from } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
