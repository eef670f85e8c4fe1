// GET /go/:code — the patient's short link when it can't simply redirect: paid, expired,
// cancelled, unknown (404), or a session had to be renewed (then 303 to Stripe).
import {
  data,
  redirect,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useLoaderData, useParams, useSearchParams } from '@remix-run/react';
import { ClinicContact, formatAmount, PatientPage } from '../components/patient-page.tsx';

export const handle = { noScripts: true };
// The loader's headers (Retry-After) are the page's. (Cache-Control: no-store comes from the server.)
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;
export const meta: MetaFunction = () => [{ title: 'Payment link' }, { name: 'robots', content: 'noindex' }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const view = await context.app.patientLinks.open(params.code ?? '');
  switch (view.kind) {
    case 'redirect':
      throw redirect(view.url, 303);
    case 'not_found':
      return data(view, { status: 404 });
    case 'throttled':
      return data(view, { status: 429, headers: { 'Retry-After': String(view.retryAfterSeconds) } });
    default:
      return view;
  }
}

export default function PatientLink() {
  const view = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const code = useParams().code ?? '';
  switch (view.kind) {
    case 'not_found':
      return (
        <PatientPage clinic={null} title="We couldn’t find this payment link">
          <p>Check that the whole link from your text message or email was opened.</p>
        </PatientPage>
      );
    case 'throttled':
      return (
        <PatientPage clinic={null} title="Too many attempts">
          <p>
            This device has opened too many links that don’t exist. Please wait a minute, then open the link
            from your text message or email again.
          </p>
        </PatientPage>
      );
    case 'preview':
      return (
        <PatientPage clinic={view.clinic.name} title="Secure payment link">
          <p>Open this link in your browser to continue.</p>
        </PatientPage>
      );
    case 'pending':
      return null;
    case 'paid': {
      const amount = formatAmount(view.amountMinor, view.currency, view.locale);
      return (
        <PatientPage
          clinic={view.clinic.name}
          title={view.linkType === 'CARD_UPDATE' ? 'Your card is up to date' : 'This bill is paid'}
        >
          {view.linkType === 'CHECKOUT' ? (
            <p>{amount ? `${amount} was paid. ` : ''}Thank you — there is nothing more to do.</p>
          ) : (
            <p>Thank you — your card on file was updated.</p>
          )}
          {view.receiptUrl ? (
            <p>
              <a className="button" href={view.receiptUrl}>
                View your receipt
              </a>
            </p>
          ) : null}
          <ClinicContact clinic={view.clinic} />
        </PatientPage>
      );
    }
    case 'closed': {
      const requested = view.newLinkRequested || params.get('requested') === '1';
      return (
        <PatientPage
          clinic={view.clinic.name}
          title={
            view.reason === 'cancelled' ? 'This payment link was cancelled' : 'This payment link has expired'
          }
        >
          <p>It can no longer be used to pay.</p>
          {requested ? (
            <p className="notice" role="status">
              {view.clinic.name} has been asked to send you a new link.
            </p>
          ) : (
            <Form method="post" action={`/go/${encodeURIComponent(code)}/request`} reloadDocument>
              <button type="submit" className="button">
                Ask {view.clinic.name} for a new link
              </button>
            </Form>
          )}
          <ClinicContact clinic={view.clinic} />
        </PatientPage>
      );
    }
  }
}
