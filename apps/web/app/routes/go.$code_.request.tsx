// POST /go/:code/request — "ask the clinic for a new link" from an expired or cancelled link.
import { redirect, type ActionFunctionArgs } from '@remix-run/node';

export async function action({ params, context }: ActionFunctionArgs) {
  const code = params.code ?? '';
  await context.app.patientLinks.requestNew(code);
  return redirect(`/go/${encodeURIComponent(code)}?requested=1`, 303);
}

export async function loader({ params }: ActionFunctionArgs) {
  return redirect(`/go/${encodeURIComponent(params.code ?? '')}`);
}
