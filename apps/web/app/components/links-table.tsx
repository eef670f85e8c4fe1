// Links as rows: when created (opens the link's page), type, amount, status, opens, expiry.
import type { ReactNode } from 'react';
import { Link } from '@remix-run/react';
import { formatDateTime, formatMoney, STATUS_LABEL } from './format.ts';

type Row = {
  id: string;
  shortUrl: string;
  type: string;
  status: string;
  amount: number | null;
  currency: string;
  clickCount: number;
  createdAt: string;
  expiresAt: string;
};

/** A completed card-update link saved a card; nothing was paid. */
export function statusLabel(status: string, type: string): string {
  if (type === 'CARD_UPDATE' && status === 'COMPLETED') return 'Card saved';
  return STATUS_LABEL[status] ?? status;
}

export function StatusBadge({ status, type }: { status: string; type: string }) {
  return <span className={`status status-${status.toLowerCase()}`}>{statusLabel(status, type)}</span>;
}

export function LinksTable<T extends Row>({
  links,
  timeZone,
  locale,
  actions,
}: {
  links: T[];
  timeZone: string;
  locale: string;
  /** What staff can do from the row, if anything. */
  actions?: (link: T) => ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Created</th>
            <th scope="col">Type</th>
            <th scope="col">Amount</th>
            <th scope="col">Status</th>
            <th scope="col">Opens</th>
            <th scope="col">Expires</th>
            {actions ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {links.map((l) => (
            <tr key={l.id}>
              <td>
                <Link to={`/dashboard/links/${l.id}`}>{formatDateTime(l.createdAt, timeZone, locale)}</Link>
              </td>
              <td>{l.type === 'CHECKOUT' ? 'Payment' : 'Card update'}</td>
              <td className="num">{formatMoney(l.amount, l.currency, locale)}</td>
              <td>
                <StatusBadge status={l.status} type={l.type} />
              </td>
              <td className="num">{l.clickCount}</td>
              <td>{formatDateTime(l.expiresAt, timeZone, locale)}</td>
              {actions ? (
                <td>
                  <div className="row-actions">{actions(l)}</div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
