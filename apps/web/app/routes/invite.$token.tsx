// GET/POST /invite/:token — a staff invitation: the invited person chooses a password and is signed
// in. The link works once, for 7 days; an unknown, used or expired one says so (and whom to ask).
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';

export const meta: MetaFunction = () => [
  { title: 'Join your clinic · ClinicPay' },
  { name: 'referrer', content: 'no-referrer' },
];

const MIN_LENGTH = 12;

export async function loader({ context, params }: LoaderFunctionArgs) {
  const invitation = await context.app.invitation(String(params.token ?? ''));
  return data({ invitation }, { status: invitation ? 200 : 404 });
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const password = String(form.get('password') ?? '');
  const confirm = String(form.get('confirm') ?? '');
  const accepted = await context.app.acceptInvitation(String(params.token ?? ''), password, confirm);
  if (!accepted.ok) {
    const errors = Object.fromEntries(accepted.fieldErrors.map((e) => [e.field, e.message]));
    return data(
      { errors, message: accepted.fieldErrors.length ? null : accepted.message },
      { status: accepted.status },
    );
  }
  const signedIn = await context.app.signIn(accepted.email, password);
  if (!signedIn.ok) return redirect('/sign-in');
  return redirect('/dashboard', { headers: { 'Set-Cookie': signedIn.setCookie } });
}

export default function Invitation() {
  const { invitation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = result?.errors ?? {};
  if (!invitation)
    return (
      <main className="centered">
        <div className="card sign-in">
          <h1>This invitation doesn't work any more</h1>
          <p>
            It has been used, or it is more than 7 days old. Ask an admin at your clinic to send you a new
            one.
          </p>
          <p>
            <a href="/sign-in">Sign in</a> if you already chose a password.
          </p>
        </div>
      </main>
    );
  const described = (field: string) =>
    errors[field] ? { 'aria-invalid': true as const, 'aria-describedby': `${field}-error` } : {};
  return (
    <main className="centered">
      <div className="card sign-in">
        <h1>Join {invitation.clinicName}</h1>
        <p className="muted">
          Welcome, {invitation.name}. Choose a password for <strong>{invitation.email}</strong> to sign in to
          ClinicPay.
        </p>
        {result?.message ? (
          <p className="error" role="alert">
            {result.message}
          </p>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="username" value={invitation.email} autoComplete="username" />
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={MIN_LENGTH}
            required
            {...described('password')}
          />
          <p className="hint muted">At least {MIN_LENGTH} characters.</p>
          {errors.password ? (
            <p id="password-error" className="field-error" role="alert">
              Password {errors.password}
            </p>
          ) : null}
          <label htmlFor="confirm">Password again</label>
          <input
            id="confirm"
            name="confirm"
            type="password"
            autoComplete="new-password"
            required
            {...described('confirm')}
          />
          {errors.confirm ? (
            <p id="confirm-error" className="field-error" role="alert">
              This {errors.confirm}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={navigation.state !== 'idle'}>
            {navigation.state !== 'idle' ? 'Saving…' : 'Set password and sign in'}
          </button>
        </Form>
      </div>
    </main>
  );
}
