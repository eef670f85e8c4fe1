// /dashboard/links — the clinic's links (the spec's management mockup): the last 30 days at a
// glance (fetched by the browser, so the list never waits for it), search by patient or
// description, filters by status, type, creation dates, provider and channel, sorting, paging, and
// per-row actions (copy, cancel, regenerate; resend from the link's page).
import { useState } from 'react';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { MessageOutcomes } from '../components/message-outcomes.tsx';
import { LinksTable } from '../components/links-table.tsx';
import { formatMoneyByCurrency, formatPercent, STATUS_LABEL } from '../components/format.ts';
import { Pager } from '../components/pager.tsx';
import { Stat } from '../components/stat.tsx';
import { ProviderSelect } from '../components/provider-select.tsx';
import { DateField } from '../components/date-field.tsx';
import { trpc } from '../trpc.ts';

export const meta: MetaFunction = () => [{ title: 'Links · ClinicPay' }];

const PAGE = 25;
const STATUSES = ['ACTIVE', 'COMPLETED', 'EXPIRED', 'CANCELLED', 'REFUNDED', 'PARTIALLY_REFUNDED'] as const;
const TYPES = ['CHECKOUT', 'CARD_UPDATE'] as const;
const CHANNELS = ['email', 'sms', 'direct'] as const;
const SORTS = ['created', 'amount', 'expires'] as const;
const pick = <T extends string>(options: readonly T[], value: string | null) =>
  options.find((o) => o === value);

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const params = {
    q: url.searchParams.get('q')?.trim().slice(0, 200) ?? '',
    status: pick(STATUSES, url.searchParams.get('status')),
    type: pick(TYPES, url.searchParams.get('type')),
    channel: pick(CHANNELS, url.searchParams.get('channel')),
    sort: pick(SORTS, url.searchParams.get('sort')),
    providerId: url.searchParams.get('providerId') || undefined,
    from: url.searchParams.get('from')?.slice(0, 40) || undefined,
    to: url.searchParams.get('to')?.slice(0, 40) || undefined,
  };
  const page = Math.max(1, Math.min(40_000, Number(url.searchParams.get('page')) || 1));
  const [organization, providers] = await Promise.all([
    context.app.caller.organization.get(),
    context.app.caller.organization.providers(),
  ]);
  const view = { page, params, providers, timeZone: organization.timeZone, locale: organization.locale };
  try {
    const list = await context.app.caller.links.list({
      ...(params.q ? { q: params.q } : {}),
      ...(params.status ? { status: params.status } : {}),
      ...(params.type ? { type: params.type } : {}),
      ...(params.channel ? { channel: params.channel } : {}),
      ...(params.sort ? { sort: params.sort } : {}),
      ...(params.providerId ? { providerId: params.providerId } : {}),
      ...(params.from ? { from: params.from } : {}),
      ...(params.to ? { to: params.to } : {}),
      limit: PAGE,
      offset: (page - 1) * PAGE,
    });
    return { ...view, ...list, errors: [] as Array<{ field: string; message: string }> };
  } catch (error) {
    const described = context.app.describeError(error);
    if (described.code !== 'VALIDATION') throw error;
    return data({ ...view, items: [], total: 0, errors: described.fieldErrors }, { status: 422 });
  }
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const id = String(form.get('id') ?? '');
  try {
    if (form.get('intent') === 'cancel') {
      await context.app.caller.links.cancel({ id });
      return { ok: true, message: 'Link cancelled.', messages: [] };
    }
    if (form.get('intent') === 'regenerate') {
      const created = await context.app.caller.links.regenerate({ id });
      // Sent again by the old link's channels: what happened to each message, as decided. A link
      // that was already replaced sends nothing new.
      return created.duplicate
        ? { ok: true, message: `This link was already replaced: ${created.shortUrl}`, messages: [] }
        : { ok: true, message: `New link created: ${created.shortUrl}`, messages: created.messages };
    }
    return data({ ok: false, message: 'Unknown action.', messages: [] }, { status: 400 });
  } catch (error) {
    return data(
      { ok: false, message: context.app.describeError(error).message, messages: [] },
      { status: 409 },
    );
  }
}

/** "last 30 days" by default; the dates the figures cover when a range was chosen. */
function rangeLabel(
  range: { from: string; to: string } | null,
  params: { from?: string | undefined; to?: string | undefined },
  locale: string,
): string {
  if (!params.from && !params.to) return 'last 30 days';
  const day = (d: string) =>
    new Date(`${d}T12:00:00Z`).toLocaleDateString(locale, {
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    });
  const from = range?.from ?? params.from;
  const to = range?.to ?? params.to;
  if (!from || !to) return from ? `since ${day(from)}` : `until ${day(to!)}`;
  return from === to ? day(from) : `${day(from)} – ${day(to)}`;
}

/**
 * The strip: links, collected (with the share paid) and pending for the chosen dates (else the last
 * 30 days), provider and type. Fetched by the browser after the list has arrived, so the page never
 * waits for these sums; the cards keep their size meanwhile (no layout shift).
 */
function SummaryStrip({
  params,
  locale,
  enabled,
}: {
  params: {
    from?: string | undefined;
    to?: string | undefined;
    providerId?: string | undefined;
    type?: string | undefined;
  };
  locale: string;
  enabled: boolean;
}) {
  const summary = trpc.analytics.summary.useQuery(
    {
      from: params.from ?? null,
      to: params.to ?? null,
      providerId: params.providerId ?? null,
      type: params.type ?? null,
    },
    { enabled },
  );
  const data = summary.data;
  const label = rangeLabel(data?.range ?? null, params, locale);
  const pending = '…';
  return (
    <div className="stats" role="group" aria-label={`Summary, ${label}`} aria-busy={!data}>
      <Stat
        label={`Links (${label})`}
        value={data ? data.totalLinksCreated.toLocaleString(locale) : pending}
      />
      <Stat
        label="Collected"
        value={data ? formatMoneyByCurrency(data.totalAmountCollected, locale) : pending}
        note={data ? `${formatPercent(data.averageConversionRate, locale)} of links paid` : '\u00a0'}
        small
      />
      <Stat
        label="Pending"
        value={data ? formatMoneyByCurrency(data.totalAmountPending, locale) : pending}
        small
      />
    </div>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="link-button"
      onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true))}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

export default function Links() {
  const { items, total, page, params, providers, errors, timeZone, locale } = useLoaderData<typeof loader>();
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const query = (p: number) =>
    `?${new URLSearchParams(
      Object.entries({ ...params, page: String(p) }).filter((e): e is [string, string] => Boolean(e[1])),
    )}`;
  return (
    <section aria-labelledby="links-title">
      <h1 id="links-title">Links</h1>
      <SummaryStrip params={params} locale={locale} enabled={errors.length === 0} />
      {result ? (
        <div className={result.ok ? 'notice' : 'error'} role="status">
          <p>{result.message}</p>
          <MessageOutcomes messages={result.messages} timeZone={timeZone} locale={locale} />
        </div>
      ) : null}
      <Form method="get" className="filters" aria-label="Filter links">
        <label>
          Search
          <input type="search" name="q" defaultValue={params.q} placeholder="Patient or description" />
        </label>
        <label>
          Status
          <select name="status" defaultValue={params.status ?? ''}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Type
          <select name="type" defaultValue={params.type ?? ''}>
            <option value="">Any</option>
            <option value="CHECKOUT">Payment</option>
            <option value="CARD_UPDATE">Card update</option>
          </select>
        </label>
        <DateField
          name="from"
          label="Created from"
          defaultValue={params.from ?? ''}
          error={errorFor('from')}
        />
        <DateField name="to" label="Created to" defaultValue={params.to ?? ''} error={errorFor('to')} />
        <ProviderSelect providers={providers} defaultValue={params.providerId} anyLabel="Any" />
        <label>
          Sent by
          <select name="channel" defaultValue={params.channel ?? ''}>
            <option value="">Any</option>
            <option value="email">Email</option>
            <option value="sms">SMS</option>
            <option value="direct">Not sent (copy / QR)</option>
          </select>
        </label>
        <label>
          Sort
          <select name="sort" defaultValue={params.sort ?? 'created'}>
            <option value="created">Newest</option>
            <option value="amount">Largest amount</option>
            <option value="expires">Expiring first</option>
          </select>
        </label>
        <button type="submit">Apply</button>
      </Form>
      <p className="muted" aria-live="polite">
        {navigation.state === 'loading'
          ? 'Loading…'
          : `${total.toLocaleString(locale)} link${total === 1 ? '' : 's'}`}
      </p>
      {items.length === 0 ? (
        <p className="empty">No links match these filters.</p>
      ) : (
        <LinksTable
          links={items}
          timeZone={timeZone}
          locale={locale}
          actions={(l) =>
            l.status === 'ACTIVE' ? (
              <>
                <CopyButton text={l.shortUrl} />
                <Link to={`/dashboard/links/${l.id}`}>Resend</Link>
                <Form method="post">
                  <input type="hidden" name="id" value={l.id} />
                  <button type="submit" name="intent" value="cancel" className="link-button">
                    Cancel
                  </button>
                </Form>
              </>
            ) : l.status === 'EXPIRED' || l.status === 'CANCELLED' ? (
              <Form method="post">
                <input type="hidden" name="id" value={l.id} />
                <button type="submit" name="intent" value="regenerate" className="link-button">
                  Regenerate
                </button>
              </Form>
            ) : null
          }
        />
      )}
      <Pager page={page} pages={pages} href={query} />
    </section>
  );
}
