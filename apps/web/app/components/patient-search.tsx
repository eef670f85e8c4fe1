// Type-ahead search over the clinic's patients (name, email or phone), for the forms that pick one:
// the link generator and bulk send. Results come from patients.list through tRPC as the user types.
import { useEffect, useState } from 'react';
import { trpc } from '../trpc.ts';
import { FieldError } from './field-error.tsx';
import type { Contact } from './contact.ts';

export type PickedPatient = Contact & { id: string; name: string };

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

export function PatientSearch({
  onPick,
  label = 'Search by name, email or phone',
  error,
  errorId,
  isPicked,
}: {
  onPick: (patient: PickedPatient) => void;
  label?: string;
  error?: string | undefined;
  errorId?: string;
  /** Patients already chosen are shown as such instead of offered again. */
  isPicked?: (id: string) => boolean;
}) {
  const [search, setSearch] = useState('');
  const query = useDebounced(search, 200);
  const active = query.trim().length >= 2;
  const patients = trpc.patients.list.useQuery({ query, limit: 8 }, { enabled: active });
  return (
    <>
      <label>
        {label}
        <input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          autoComplete="off"
        />
        {errorId ? <FieldError id={errorId} message={error} /> : null}
      </label>
      {active ? (
        <ul className="results" aria-label="Matching patients">
          {patients.isLoading ? <li className="muted">Searching…</li> : null}
          {patients.data?.items.length === 0 ? <li className="muted">No patient matches.</li> : null}
          {patients.data?.items.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="result"
                onClick={() => onPick(p)}
                disabled={isPicked?.(p.id)}
                aria-pressed={isPicked ? isPicked(p.id) : undefined}
              >
                <strong>{p.name}</strong>{' '}
                <span className="muted">{[p.email, p.phone].filter(Boolean).join(' · ')}</span>
                {isPicked?.(p.id) ? <span className="muted"> — added</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
