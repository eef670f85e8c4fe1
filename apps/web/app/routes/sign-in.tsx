// GET/POST /sign-in — staff email + password sign-in.
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { safeNext } from '../safe-next.ts';

export const meta: MetaFunction = () => [{ title: 'Sign in · ClinicPay' }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.app.signedIn)
    return redirect(safeNext(new URL(request.url).searchParams.get('next'), context.app.publicBaseUrl));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get('email') ?? '').trim();
  const password = String(form.get('password') ?? '');
  const fieldErrors: { email?: string; password?: string } = {};
  if (!email) fieldErrors.email = 'Enter your email address';
  if (!password) fieldErrors.password = 'Enter your password';
  if (fieldErrors.email || fieldErrors.password)
    return data({ fieldErrors, formError: null, email }, { status: 422 });

  const outcome = await context.app.signIn(email, password);
  if (!outcome.ok)
    return data({ fieldErrors, formError: outcome.message, email }, { status: outcome.status });
  return redirect(safeNext(form.get('next'), context.app.publicBaseUrl), {
    headers: { 'Set-Cookie': outcome.setCookie },
  });
}

export default function SignIn() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const busy = navigation.state !== 'idle';
  return (
    <main className="centered">
      <div className="card sign-in">
        <h1>Sign in</h1>
        <p className="muted">ClinicPay — payment links for your clinic</p>
        {params.get('expired') ? (
          <p className="notice" role="status">
            Your session ended. Sign in again to continue.
          </p>
        ) : null}
        {result?.formError ? (
          <p className="error" role="alert">
            {result.formError}
          </p>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="next" value={params.get('next') ?? ''} />
          <label htmlFor="email">Email</label>
          <input
            id="email"
            name="email"
            // The address is the username: "username" lets password managers pair it with the
            // password, and that token is only valid on a text field (HTML autofill), hence text
            // with the email keyboard rather than type="email" (checked on the server anyway).
            type="text"
            inputMode="email"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            defaultValue={result?.email ?? ''}
            aria-invalid={result?.fieldErrors.email ? true : undefined}
            aria-describedby={result?.fieldErrors.email ? 'email-error' : undefined}
            required
          />
          {result?.fieldErrors.email ? (
            <p id="email-error" className="field-error" role="alert">
              {result.fieldErrors.email}
            </p>
          ) : null}
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            aria-invalid={result?.fieldErrors.password ? true : undefined}
            aria-describedby={result?.fieldErrors.password ? 'password-error' : undefined}
            required
          />
          {result?.fieldErrors.password ? (
            <p id="password-error" className="field-error" role="alert">
              {result.fieldErrors.password}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </Form>
      </div>
    </main>
  );
}
