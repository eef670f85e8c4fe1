// Any address no other route claims: a 404 answered by a route of its own. Without it, React
// Router's lazy route discovery leaves the browser matching the routes that share the address's
// first segments (/dashboard/…, /go/…) while the server matched none, so the two renders of the
// root layout differed (its scripts, and patient pages' no-script rule) and hydration failed
// (React errors #418/#423). With it both sides match [root, $] and render the same 404 page.
export function loader() {
  throw new Response(null, { status: 404, statusText: 'Not Found' });
}

export function action() {
  throw new Response(null, { status: 404, statusText: 'Not Found' });
}

export default function NotFound() {
  return null;
}
