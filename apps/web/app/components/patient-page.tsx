// The frame of every page a patient sees: the clinic's name, one message, no scripts, no PHI.
import type { ReactNode } from 'react';

export function PatientPage({
  clinic,
  title,
  children,
}: {
  clinic: string | null;
  title: string;
  children: ReactNode;
}) {
  return (
    <main className="patient">
      <div className="patient-card">
        {clinic ? <p className="patient-clinic">{clinic}</p> : null}
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

export function formatAmount(minor: number | null, currency: string, locale: string): string | null {
  if (minor === null) return null;
  const digits = ['JPY', 'KRW'].includes(currency) ? 0 : 2;
  const text =
    digits === 0 ? String(minor) : `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
  // Intl formats the exact decimal string (no float arithmetic on money).
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(text as unknown as number);
}

export function ClinicContact({
  clinic,
}: {
  clinic: { name: string; phone: string | null; email: string | null };
}) {
  if (!clinic.phone && !clinic.email) return null;
  return (
    <p>
      Questions? Contact {clinic.name}
      {clinic.phone ? (
        <>
          {' '}
          at <a href={`tel:${clinic.phone}`}>{clinic.phone}</a>
        </>
      ) : null}
      {clinic.email ? (
        <>
          {clinic.phone ? ' or ' : ' at '}
          <a href={`mailto:${clinic.email}`}>{clinic.email}</a>
        </>
      ) : null}
      .
    </p>
  );
}
