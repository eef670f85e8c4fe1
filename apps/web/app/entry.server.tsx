import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { renderToPipeableStream } from 'react-dom/server';
import { contentSecurityPolicy } from './content-security-policy.ts';
import { NonceContext } from './nonce.ts';

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  // One nonce per response, on every inline script Remix renders; pages whose routes ship no
  // JavaScript (handle.noScripts, see root.tsx) get a policy that allows none at all.
  const nonce = randomBytes(16).toString('base64');
  const scripts = !remixContext.staticHandlerContext.matches.some(
    (m) => (remixContext.routeModules[m.route.id]?.handle as { noScripts?: boolean } | undefined)?.noScripts,
  );
  responseHeaders.set('Content-Security-Policy', contentSecurityPolicy({ nonce, scripts }));
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
