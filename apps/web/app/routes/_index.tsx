// GET / — staff land on the dashboard, or sign in first.
import { redirect, type LoaderFunctionArgs } from '@remix-run/node';

export async function loader({ context }: LoaderFunctionArgs) {
  return redirect(context.app.signedIn ? '/dashboard' : '/sign-in');
}
