// /dashboard/bulk/:id — a bulk send's progress and results: links created, messages waiting / sent /
// failed, and row by row the link it made (linked) and what each message did, or why the row was
// skipped. Refreshes itself every second while the send runs.
import { useEffect } from 'react';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { Stat } from '../components/stat.tsx';
import { Pager } from '../components/pager.tsx';
import { formatMoney } from '../components/format.ts';
import { StatusBadge } from '../components/links-table.tsx';
import { MessageOutcomes } from '../components/message-outcomes.tsx';

export const meta: MetaFunction = () => [{ title: 'Bulk send progress · ClinicPay' }];

const PAGE_SIZE = 50;

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const page = Math.max(1, Math.floor(Number(new URL(request.url).searchParams.get('page')) || 1));
  try {
    const [progress, organization] = await Promise.all([
      context.app.caller.bulk.status({
        batchId: String(params.id),
        offset: (page - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
      }),
      context.app.caller.organization.get(),
    ]);
    return { progress, page, timeZone: organization.timeZone, locale: organization.locale };
  } catch (error) {
    if (context.app.describeError(error).code === 'NOT_FOUND')
      throw new Response('Bulk send not found', { status: 404 });
    throw error;
  }
}

const WAITING = ['queued', 'scheduled', 'sending'];

export default function BulkProgress() {
  const { progress, page, timeZone, locale } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const messages = progress.messages as Record<string, number>;
  const waiting = WAITING.reduce((n, s) => n + (messages[s] ?? 0), 0);
  const running = progress.status !== 'done' || waiting > 0;
  // Texts held for texting hours wait for hours: no need to ask every second for those.
  const moving = progress.status !== 'done' || waiting - (messages.scheduled ?? 0) > 0;
  useEffect(() => {
    if (!moving) return;
    const t = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate();
    }, 1000);
    return () => clearInterval(t);
  }, [moving, revalidator]);
  const sent = (messages.sent ?? 0) + (messages.delivered ?? 0);
  const failed = (messages.failed ?? 0) + (messages.undelivered ?? 0);
  const pages = Math.ceil(progress.rowCount / PAGE_SIZE);
  return (
    <section aria-labelledby="progress-title">
      <p>
        <Link to="/dashboard/bulk">← New bulk send</Link>
      </p>
      <h1 id="progress-title">Bulk send {running ? 'in progress' : 'finished'}</h1>
      <div className="stats" aria-live="polite">
        <Stat label="Links created" value={`${progress.linksCreated} of ${progress.total}`} />
        <Stat label="Waiting to send" value={waiting} />
        <Stat label="Sent" value={sent} />
        <Stat label="Failed" value={failed} />
        <Stat label="Refused or skipped" value={(messages.refused ?? 0) + progress.skipped.length} />
      </div>
      <h2>Rows</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Patient</th>
              <th scope="col">Link</th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {progress.rows.map((r) => (
              <tr key={r.row} className={r.skipReason ? 'row-error' : undefined}>
                <td className="num">{r.row}</td>
                <td>{r.patientName ?? '—'}</td>
                <td>
                  {r.link ? (
                    <>
                      <Link to={`/dashboard/links/${r.link.id}`}>
                        {formatMoney(r.link.amount, r.link.currency, locale)}
                      </Link>{' '}
                      <StatusBadge status={r.link.status} type="CHECKOUT" />
                    </>
                  ) : r.skipReason ? (
                    'Not created'
                  ) : (
                    'Waiting…'
                  )}
                </td>
                <td className="wrap">
                  {r.skipReason ? (
                    `Skipped: ${r.skipReason}`
                  ) : (
                    <MessageOutcomes messages={r.messages} timeZone={timeZone} locale={locale} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={pages} href={(p) => `?page=${p}`} />
    </section>
  );
}
