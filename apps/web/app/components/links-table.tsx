// Links as rows: when created (opens the link's page), type, amount, status, opens, expiry.
import { Link } from '@remix-run/react';
import { formatDateTime, formatMoney, STATUS_LABEL } from './format.ts';

type Row = {
  id: string;
  type: string;
  status: string;
  amount: number | null;
  currency: string;
  clickCount: number;
  createdAt: string;
  expiresAt: string;
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`status status-${status.toLowerCase()}`}>{STATUS_LABEL[status] ?? status}</span>;
}

export function LinksTable({ links, timeZone, locale }: { links: Row[]; timeZone: string; locale: string }) {
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
                <StatusBadge status={l.status} />
              </td>
              <td className="num">{l.clickCount}</td>
              <td>{formatDateTime(l.expiresAt, timeZone, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
