// POST /sign-out — ends the session and clears the cookie.
import { redirect, type ActionFunctionArgs } from '@remix-run/node';

export async function action({ context }: ActionFunctionArgs) {
  return redirect('/sign-in', { headers: { 'Set-Cookie': await context.app.signOut() } });
}

export async function loader() {
  return redirect('/dashboard');
}
