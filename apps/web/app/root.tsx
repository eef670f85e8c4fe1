import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useMatches,
  useRouteError,
} from '@remix-run/react';
import type { LinksFunction } from '@remix-run/node';
import styles from './styles.css?url';
import { UNAVAILABLE_TEXT, UNAVAILABLE_TITLE } from './components/unavailable.ts';
import { useNonce } from './nonce.ts';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export function Layout({ children }: { children: React.ReactNode }) {
  // Patient pages ship no JavaScript: nothing of ours runs next to the payment flow.
  const noScripts = useMatches().some((m) => (m.handle as { noScripts?: boolean } | undefined)?.noScripts);
  // The Content-Security-Policy allows only inline scripts with this response's nonce.
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        {noScripts ? null : (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        )}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  // 503: the database is out of reach for a moment (apps/web/server/errors.ts); nothing to fix here.
  if (isRouteErrorResponse(error) && error.status === 503) {
    return (
      <main className="centered">
        <div className="card">
          <h1>{UNAVAILABLE_TITLE}</h1>
          <p>{UNAVAILABLE_TEXT}</p>
        </div>
      </main>
    );
  }
  const title = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : 'Something went wrong';
  return (
    <main className="centered">
      <div className="card">
        <h1>{title}</h1>
        {isRouteErrorResponse(error) && error.status === 404 ? (
          <p>There is no page at this address.</p>
        ) : null}
        {/* 403 and 429 carry the reason in words (server/errors.ts): a role, the clinic's allowed
            networks, or a rate limit with its wait. */}
        {isRouteErrorResponse(error) &&
        (error.status === 403 || error.status === 429) &&
        typeof error.data === 'string' ? (
          <p role="alert">{error.data}</p>
        ) : null}
        <p>
          <a href="/">Back to the dashboard</a>
        </p>
      </div>
    </main>
  );
}
